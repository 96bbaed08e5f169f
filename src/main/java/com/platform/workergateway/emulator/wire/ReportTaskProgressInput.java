package com.platform.workergateway.emulator.wire;

import java.util.List;

import com.platform.workergateway.emulator.task.Field;
import com.platform.workergateway.emulator.validation.InputReader;
import com.platform.workergateway.emulator.validation.ModelReaders;
import com.platform.workergateway.emulator.validation.StringShape;
import tools.jackson.databind.JsonNode;

/**
 * A validated ReportTaskProgress request.
 *
 * @param taskId the task being reported on
 * @param fields progress fields, possibly empty
 */
record ReportTaskProgressInput(String taskId, List<Field> fields) {

	static ReportTaskProgressInput read(JsonNode body) {
		InputReader in = InputReader.of(body);
		String taskId = in.requiredString("taskId", StringShape.TASK_ID);
		List<Field> fields = ModelReaders.fields(in, "fields", false);
		in.validate();
		return new ReportTaskProgressInput(taskId, fields);
	}

}
