package com.platform.workergateway.emulator.wire;

import com.platform.workergateway.emulator.validation.InputReader;
import com.platform.workergateway.emulator.validation.StringShape;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A validated ReportTaskRunnerHeartbeat request.
 *
 * @param taskrunnerId the runner's account-wide id
 * @param workerGroup the worker group it polls
 * @param hostname its hostname
 */
record ReportTaskRunnerHeartbeatInput(String taskrunnerId, @Nullable String workerGroup, @Nullable String hostname) {

	static ReportTaskRunnerHeartbeatInput read(JsonNode body) {
		InputReader in = InputReader.of(body);
		String taskrunnerId = in.requiredString("taskrunnerId", StringShape.ID);
		String workerGroup = in.optionalString("workerGroup", StringShape.STRING);
		String hostname = in.optionalString("hostname", StringShape.ID);
		in.validate();
		return new ReportTaskRunnerHeartbeatInput(taskrunnerId, workerGroup, hostname);
	}

}
