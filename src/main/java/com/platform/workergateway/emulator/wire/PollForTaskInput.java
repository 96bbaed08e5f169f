package com.platform.workergateway.emulator.wire;

import com.platform.workergateway.emulator.validation.InputReader;
import com.platform.workergateway.emulator.validation.StringShape;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A validated PollForTask request. The instance identity is checked and then ignored: the
 * emulator bills nobody.
 *
 * @param workerGroup the worker group to take a task of
 * @param hostname the runner's hostname, recorded with the hand-off
 */
record PollForTaskInput(String workerGroup, @Nullable String hostname) {

	static PollForTaskInput read(JsonNode body) {
		InputReader in = InputReader.of(body);
		String workerGroup = in.requiredString("workerGroup", StringShape.STRING);
		String hostname = in.optionalString("hostname", StringShape.ID);
		InputReader identity = in.optionalStructure("instanceIdentity");
		if (identity != null) {
			identity.optionalString("document", StringShape.STRING);
			identity.optionalString("signature", StringShape.STRING);
		}
		in.validate();
		return new PollForTaskInput(workerGroup, hostname);
	}

}
