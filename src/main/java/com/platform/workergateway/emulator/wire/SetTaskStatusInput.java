package com.platform.workergateway.emulator.wire;

import java.util.List;

import com.platform.workergateway.emulator.validation.InputReader;
import com.platform.workergateway.emulator.validation.StringShape;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A validated SetTaskStatus request.
 *
 * @param taskId the task that ended
 * @param taskStatus {@code FINISHED}, {@code FAILED} or {@code FALSE}
 * @param errorId error code reported by the runner
 * @param errorMessage error message reported by the runner
 * @param errorStackTrace stack trace reported by the runner
 */
record SetTaskStatusInput(String taskId, String taskStatus, @Nullable String errorId, @Nullable String errorMessage,
		@Nullable String errorStackTrace) {

	static final List<String> TASK_STATUSES = List.of("FINISHED", "FAILED", "FALSE");

	static SetTaskStatusInput read(JsonNode body) {
		InputReader in = InputReader.of(body);
		String taskId = in.requiredString("taskId", StringShape.TASK_ID);
		String taskStatus = in.requiredEnum("taskStatus", TASK_STATUSES);
		String errorId = in.optionalString("errorId", StringShape.STRING);
		String errorMessage = in.optionalString("errorMessage", StringShape.ERROR_MESSAGE);
		String errorStackTrace = in.optionalString("errorStackTrace", StringShape.STRING);
		in.validate();
		return new SetTaskStatusInput(taskId, taskStatus, errorId, errorMessage, errorStackTrace);
	}

}
