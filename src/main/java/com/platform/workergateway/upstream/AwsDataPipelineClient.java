package com.platform.workergateway.upstream;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.services.datapipeline.DataPipelineAsyncClient;

/**
 * {@link DataPipelineClient} on the AWS SDK's {@link DataPipelineAsyncClient}, with a
 * circuit breaker per operation.
 * <p>
 * Each call is made lazily, at subscription, so a re-subscription makes a new call. The
 * SDK makes exactly one attempt: retrying is the gateway's decision.
 * <p>
 * Every failure reaches the caller as an {@link UpstreamFailure} ({@link AwsFailures}
 * translates the SDK's), so nothing of the SDK leaks through the port.
 * <p>
 * Cancelling the {@code Mono} of {@link #pollForTask} does <b>not</b> abort the upstream
 * poll (see {@link DataPipelineClient#pollForTask}); cancelling any other call aborts its
 * exchange and closes its connection.
 */
public final class AwsDataPipelineClient implements DataPipelineClient {

	/** Circuit breaker name for PollForTask. */
	public static final String POLL_FOR_TASK = DataPipelineOperation.POLL_FOR_TASK.breakerName();

	/** Circuit breaker name for ReportTaskProgress. */
	public static final String REPORT_TASK_PROGRESS = DataPipelineOperation.REPORT_TASK_PROGRESS.breakerName();

	/** Circuit breaker name for SetTaskStatus. */
	public static final String SET_TASK_STATUS = DataPipelineOperation.SET_TASK_STATUS.breakerName();

	/** Circuit breaker name for ReportTaskRunnerHeartbeat. */
	public static final String REPORT_TASK_RUNNER_HEARTBEAT = DataPipelineOperation.REPORT_TASK_RUNNER_HEARTBEAT
		.breakerName();

	private final DataPipelineAsyncClient client;

	private final AwsRequestOverrideConfiguration pollOverride;

	private final Map<DataPipelineOperation, CircuitBreaker> breakers = new EnumMap<>(DataPipelineOperation.class);

	private final UpstreamCallMetrics metrics;

	private final UpstreamCallSpans spans;

	/**
	 * Creates the adapter.
	 * @param client the SDK client, configured with the timeouts of the short calls
	 * @param pollOverride the SDK timeouts of PollForTask, longer than the client's
	 * @param circuitBreakers where the per-operation circuit breakers come from
	 */
	public AwsDataPipelineClient(DataPipelineAsyncClient client, AwsRequestOverrideConfiguration pollOverride,
			CircuitBreakerRegistry circuitBreakers) {
		this(client, pollOverride, circuitBreakers, new SimpleMeterRegistry(), ObservationRegistry.NOOP);
	}

	/**
	 * Creates the adapter.
	 * @param client the SDK client, configured with the timeouts of the short calls
	 * @param pollOverride the SDK timeouts of PollForTask, longer than the client's
	 * @param circuitBreakers where the per-operation circuit breakers come from
	 * @param meters where {@code worker.gateway.upstream.calls} is recorded
	 * @param observations where the calls' spans come from
	 */
	public AwsDataPipelineClient(DataPipelineAsyncClient client, AwsRequestOverrideConfiguration pollOverride,
			CircuitBreakerRegistry circuitBreakers, MeterRegistry meters, ObservationRegistry observations) {
		this.metrics = new UpstreamCallMetrics(meters);
		this.spans = new UpstreamCallSpans(observations);
		this.client = client;
		this.pollOverride = pollOverride;
		for (DataPipelineOperation operation : DataPipelineOperation.values()) {
			this.breakers.put(operation, circuitBreakers.circuitBreaker(operation.breakerName()));
		}
	}

	@Override
	public Mono<TaskObject> pollForTask(PollForTask request) {
		// suppressCancel: a poll aborted client-side may already have taken a task
		// upstream, which would then be lost until AWS reassigns it (2 min later).
		return guarded(DataPipelineOperation.POLL_FOR_TASK, request.workerGroup(),
				call(() -> this.client.pollForTask(AwsModel.pollForTask(request, this.pollOverride)), true)
					.mapNotNull((response) -> AwsModel.task(response.taskObject())));
	}

	@Override
	public Mono<Void> permitted(DataPipelineOperation operation) {
		return Mono.defer(() -> {
			CircuitBreaker breaker = this.breakers.get(operation);
			return isOpen(breaker)
					? Mono.error(
							breakerOpen(operation, CallNotPermittedException.createCallNotPermittedException(breaker)))
					: Mono.empty();
		});
	}

	private static boolean isOpen(CircuitBreaker breaker) {
		CircuitBreaker.State state = breaker.getState();
		return state == CircuitBreaker.State.OPEN || state == CircuitBreaker.State.FORCED_OPEN;
	}

	@Override
	public Mono<Boolean> reportTaskProgress(TaskProgress progress) {
		return guarded(DataPipelineOperation.REPORT_TASK_PROGRESS, null,
				call(() -> this.client.reportTaskProgress(AwsModel.reportTaskProgress(progress)), false)
					.map((response) -> Boolean.TRUE.equals(response.canceled())));
	}

	@Override
	public Mono<Void> setTaskStatus(TaskStatusReport report) {
		return guarded(DataPipelineOperation.SET_TASK_STATUS, null,
				call(() -> this.client.setTaskStatus(AwsModel.setTaskStatus(report)), false).then());
	}

	@Override
	public Mono<Boolean> reportTaskRunnerHeartbeat(RunnerHeartbeat heartbeat) {
		return guarded(DataPipelineOperation.REPORT_TASK_RUNNER_HEARTBEAT, heartbeat.workerGroup(),
				call(() -> this.client.reportTaskRunnerHeartbeat(AwsModel.reportTaskRunnerHeartbeat(heartbeat)), false)
					.map((response) -> Boolean.TRUE.equals(response.terminate())));
	}

	/**
	 * The SDK call's failures become the port's inside the breaker (so the breaker's
	 * predicates see only the port's types), and the breaker's refusal outside it; timed,
	 * and observed as a span of the operation.
	 */
	private <T> Mono<T> guarded(DataPipelineOperation operation, @Nullable String workerGroup, Mono<T> call) {
		return call.onErrorMap(AwsFailures::translate)
			.transformDeferred(CircuitBreakerOperator.of(this.breakers.get(operation)))
			.onErrorMap(CallNotPermittedException.class, (refusal) -> breakerOpen(operation, refusal))
			.transform((timed) -> this.metrics.timed(operation.awsName(), timed))
			.transform((observed) -> this.spans.observed(operation.awsName(), workerGroup, observed));
	}

	/**
	 * The breaker's refusal, with how long it stays open before it lets trial calls
	 * through: when a worker should come back.
	 */
	private UpstreamUnavailable breakerOpen(DataPipelineOperation operation, CallNotPermittedException refusal) {
		long openMillis = this.breakers.get(operation)
			.getCircuitBreakerConfig()
			.getWaitIntervalFunctionInOpenState()
			.apply(1);
		return new UpstreamUnavailable(UpstreamUnavailable.Reason.BREAKER_OPEN, Duration.ofMillis(openMillis), refusal);
	}

	private static <T> Mono<T> call(Supplier<CompletableFuture<T>> future, boolean suppressCancel) {
		return Mono.fromFuture(future, suppressCancel);
	}

}
