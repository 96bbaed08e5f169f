package com.platform.workergateway.emulator.task;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What to schedule; absent parts are generated the way AWS's examples look.
 *
 * @param workerGroup the worker group whose polls may take the task
 * @param pipelineId pipeline id, or null for a generated {@code df-...} id
 * @param attemptId attempt object id, or null for the first object's id or a generated
 * one
 * @param objects pipeline objects, or null for a default ShellCommandActivity attempt
 */
public record NewTask(String workerGroup, @Nullable String pipelineId, @Nullable String attemptId,
		@Nullable Map<String, PipelineObject> objects) {

	public static NewTask forWorkerGroup(String workerGroup) {
		return new NewTask(workerGroup, null, null, null);
	}

}
