package com.platform.workergateway.upstream;

import reactor.core.publisher.Mono;

/**
 * The gateway's port to AWS Data Pipeline's four task-runner operations.
 * <p>
 * Speaks only the gateway's own types: a call fails with one of the
 * {@link UpstreamFailure}s (service error, client error by kind, throttled, timeout,
 * unavailable), whatever the adapter behind it is built on; anything else is a bug.
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
	 * Fails at once, as the call would, while calls of the operation are refused unmade
	 * (an open circuit breaker), so a caller spends nothing (such as API budget) on a
	 * call that cannot be made; completes empty otherwise.
	 * @param operation the operation about to be called
	 * @return completion, or an {@link UpstreamUnavailable} failure
	 */
	default Mono<Void> permitted(DataPipelineOperation operation) {
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
