package com.platform.workergateway.upstream;

import reactor.core.publisher.Mono;

/**
 * The gateway's port to AWS Data Pipeline's four task-runner operations.
 * <p>
 * Errors surface as the AWS SDK's typed exceptions ({@code TaskNotFoundException},
 * {@code InternalServiceErrorException}, ...), as circuit breaker rejections, or as
 * transport failures; {@code UpstreamErrorTranslator} maps them to problems.
 */
public interface DataPipelineClient {

	/**
	 * Long-polls for one task of a worker group.
	 * @param request the poll
	 * @return the task, or empty when the upstream hold ended without one
	 */
	Mono<TaskObject> pollForTask(PollForTask request);

	/**
	 * Acknowledges a task or reports progress on it.
	 * @return whether the task was canceled upstream
	 */
	Mono<Boolean> reportTaskProgress(TaskProgress progress);

	/**
	 * Reports the final status of a task.
	 */
	Mono<Void> setTaskStatus(TaskStatusReport report);

	/**
	 * Reports that a task runner is alive.
	 * @return whether the runner should terminate
	 */
	Mono<Boolean> reportTaskRunnerHeartbeat(RunnerHeartbeat heartbeat);

}
