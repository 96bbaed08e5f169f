package com.platform.workergateway.upstream;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A task handed out by PollForTask, with the service model's member names.
 *
 * @param taskId the upstream task id, used by progress and status reports
 * @param pipelineId the pipeline the task belongs to
 * @param attemptId the attempt object the task runs
 * @param objects the pipeline objects of the task, by object id
 */
public record TaskObject(String taskId, @Nullable String pipelineId, @Nullable String attemptId,
		Map<String, PipelineObject> objects) {

	/**
	 * A pipeline object.
	 *
	 * @param id object id
	 * @param name object name
	 * @param fields key-value fields of the object
	 */
	public record PipelineObject(String id, String name, List<Field> fields) {

	}

	/**
	 * A key with either a string value or a reference to another object.
	 *
	 * @param key field name
	 * @param stringValue string value, when the field holds one
	 * @param refValue id of the referenced object, when the field holds a reference
	 */
	public record Field(String key, @Nullable String stringValue, @Nullable String refValue) {

	}

}
