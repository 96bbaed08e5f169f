package com.platform.workergateway.report;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;

import org.springframework.resilience.annotation.Retryable;

import com.platform.workergateway.budget.Priority;
import com.platform.workergateway.budget.UpstreamBudget;
import com.platform.workergateway.budget.UpstreamOperation;
import com.platform.workergateway.upstream.DataPipelineClient;
import com.platform.workergateway.upstream.DataPipelineOperation;
import com.platform.workergateway.upstream.RunnerHeartbeat;
import com.platform.workergateway.upstream.TaskProgress;
import com.platform.workergateway.upstream.TaskStatusReport;

/**
 * The three report calls, each attempt paid from the account budget and retried with
 * exponential backoff and jitter when that is safe.
 * <p>
 * Layers, outermost first: retry (Spring's {@code @Retryable}, which re-subscribes the
 * returned {@code Mono}), circuit breaker check, budget, the call (itself inside its
 * breaker). The breaker is asked before the budget, as for polls: a call the breaker
 * refuses anyway must not spend an API budget token. Retrying outside the breaker means
 * an open breaker ends the retries at once. Every public method is retried the same way
 * ({@link RetryProperties}).
 */
@Retryable(predicate = RetryableUpstreamFailure.class, maxRetriesString = "${worker-gateway.retry.max-retries:4}",
		delayString = "${worker-gateway.retry.delay:200ms}", multiplierString = "${worker-gateway.retry.multiplier:2}",
		jitterString = "${worker-gateway.retry.jitter:100ms}", maxDelayString = "${worker-gateway.retry.max-delay:2s}",
		timeoutString = "${worker-gateway.retry.timeout:15s}")
public class UpstreamReports {

	private static final String RETRIES = "worker.gateway.upstream.retries";

	private final DataPipelineClient upstream;

	private final UpstreamBudget budget;

	private final MeterRegistry meters;

	public UpstreamReports(DataPipelineClient upstream, UpstreamBudget budget, MeterRegistry meters) {
		this.upstream = upstream;
		this.budget = budget;
		this.meters = meters;
	}

	public Mono<Boolean> reportTaskProgress(TaskProgress progress, Priority priority) {
		return attempts(DataPipelineOperation.REPORT_TASK_PROGRESS, UpstreamOperation.REPORT_TASK_PROGRESS, priority,
				() -> this.upstream.reportTaskProgress(progress));
	}

	public Mono<Void> setTaskStatus(TaskStatusReport report) {
		return attempts(DataPipelineOperation.SET_TASK_STATUS, UpstreamOperation.SET_TASK_STATUS, Priority.HIGH,
				() -> this.upstream.setTaskStatus(report));
	}

	public Mono<Boolean> reportTaskRunnerHeartbeat(RunnerHeartbeat heartbeat) {
		return attempts(DataPipelineOperation.REPORT_TASK_RUNNER_HEARTBEAT,
				UpstreamOperation.REPORT_TASK_RUNNER_HEARTBEAT, Priority.LOW,
				() -> this.upstream.reportTaskRunnerHeartbeat(heartbeat));
	}

	/**
	 * One subscription is one attempt: the breaker is asked, then the budget, then the
	 * call is made. Every attempt after the first is counted as a retry.
	 */
	private <T> Mono<T> attempts(DataPipelineOperation call, UpstreamOperation operation, Priority priority,
			Supplier<Mono<T>> attempt) {
		AtomicInteger attempts = new AtomicInteger();
		return Mono.defer(() -> {
			if (attempts.getAndIncrement() > 0) {
				Counter.builder(RETRIES).tag("operation", operation.awsName()).register(this.meters).increment();
			}
			return this.upstream.permitted(call)
				.then(this.budget.acquire(operation, priority))
				.then(Mono.defer(attempt));
		});
	}

}
