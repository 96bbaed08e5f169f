package com.platform.workergateway.upstream;

import reactor.core.publisher.Mono;

/**
 * The gateway's port to AWS Data Pipeline's four task-runner operations.
 * <p>
 * Errors surface as the AWS SDK's typed exceptions ({@code TaskNotFoundException},
 * {@code InternalServiceErrorException}, ...), as circuit breaker rejections, or as
 * transport failures; {@code UpstreamErrorTranslator} maps them to problems, and
 * {@link UpstreamFailures} classifies them (timeout, throttling, transport).
 * <p>
 * Every call is made at subscription (lazily); a re-subscription makes a new upstream
 * call.
 */
public interface DataPipelineClient {

	/**
	 * Long-polls for one task of a worker group.
	 * <p>
	 * <b>Cancelling the returned {@code Mono} does not abort the upstream poll:</b> the
	 * call runs on until the upstream answers (a task or empty after up to 90 s) or the
	 * response timeout ends it, and its outcome is then dropped. Aborting a poll
	 * client-side may lose a task that the upstream already handed to it (AWS reassigns
	 * it only after 2 minutes without acknowledgement), so a worker's disconnect must
	 * never abort it. A caller that wants the task of a poll whose requester went away
	 * must keep its own subscription (e.g. hand the result to another waiter) instead of
	 * cancelling.
	 * @param request the poll
	 * @return the task, or empty when the upstream hold ended without one
	 */
	Mono<TaskObject> pollForTask(PollForTask request);

	/**
	 * Fails at once, as {@link #pollForTask} would, while polls are refused without a
	 * call (an open circuit breaker), so a caller spends nothing (such as API budget) on
	 * a poll that cannot be made; completes empty otherwise.
	 */
	default Mono<Void> pollForTaskPermitted() {
		return Mono.empty();
	}

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
