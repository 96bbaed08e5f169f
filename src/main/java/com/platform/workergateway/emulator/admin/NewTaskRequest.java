package com.platform.workergateway.emulator.admin;

import java.util.Map;

import com.platform.workergateway.emulator.task.NewTask;
import com.platform.workergateway.emulator.task.PipelineObject;
import com.platform.workergateway.emulator.validation.InputReader;
import com.platform.workergateway.emulator.validation.ModelReaders;
import com.platform.workergateway.emulator.validation.StringShape;
import tools.jackson.databind.JsonNode;

/**
 * Reads {@code POST /emulator/tasks}: {@code {"workerGroup", "pipelineId"?, "attemptId"?,
 * "objects"?}}, with the model's constraints on every part.
 */
final class NewTaskRequest {

	private NewTaskRequest() {
	}

	static NewTask read(JsonNode body) {
		InputReader in = InputReader.of(body);
		String workerGroup = in.requiredString("workerGroup", StringShape.STRING);
		String pipelineId = in.optionalString("pipelineId", StringShape.ID);
		String attemptId = in.optionalString("attemptId", StringShape.ID);
		Map<String, PipelineObject> objects = in.map("objects", StringShape.ID, ModelReaders::pipelineObject);
		in.validate();
		return new NewTask(workerGroup, pipelineId, attemptId, objects.isEmpty() ? null : objects);
	}

}
