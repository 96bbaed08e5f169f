package com.platform.workergateway.emulator.task;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The task a poll hands out, shaped like the model's {@code TaskObject}.
 *
 * @param taskId opaque id the runner reports with
 * @param pipelineId the pipeline the task belongs to
 * @param attemptId the attempt object the task runs
 * @param objects pipeline objects of the task, by object id
 */
public record TaskObject(String taskId, String pipelineId, String attemptId, Map<String, PipelineObject> objects) {

	public TaskObject {
		// Insertion order is kept so that answers are stable and read like AWS's
		// examples.
		objects = Collections.unmodifiableMap(new LinkedHashMap<>(objects));
	}

}
