package com.platform.workergateway.poll;

import java.util.Map;

import org.jspecify.annotations.Nullable;

import com.platform.workergateway.upstream.TaskObject;

/**
 * A task as {@code POST /v1/tasks/poll} returns it.
 *
 * @param taskToken the only handle progress and status reports accept
 * @param taskId the upstream task id, for the worker's logs
 * @param pipelineId the pipeline of the task
 * @param attemptId the attempt the task runs
 * @param objects the pipeline objects of the task, by id
 */
public record TaskResponse(String taskToken, String taskId, @Nullable String pipelineId, @Nullable String attemptId,
		Map<String, TaskObject.PipelineObject> objects) {

	static TaskResponse of(TaskObject task, String taskToken) {
		return new TaskResponse(taskToken, task.taskId(), task.pipelineId(), task.attemptId(), task.objects());
	}

}
