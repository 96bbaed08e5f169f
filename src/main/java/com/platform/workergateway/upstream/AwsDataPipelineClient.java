package com.platform.workergateway.upstream;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
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
 * Cancelling the {@code Mono} of {@link #pollForTask} does <b>not</b> abort the upstream
 * poll (see {@link DataPipelineClient#pollForTask}); cancelling any other call aborts its
 * exchange and closes its connection.
 */
public final class AwsDataPipelineClient implements DataPipelineClient {

	/** Circuit breaker name for PollForTask. */
	public static final String POLL_FOR_TASK = "pollForTask";

	/** Circuit breaker name for ReportTaskProgress. */
	public static final String REPORT_TASK_PROGRESS = "reportTaskProgress";

	/** Circuit breaker name for SetTaskStatus. */
	public static final String SET_TASK_STATUS = "setTaskStatus";

	/** Circuit breaker name for ReportTaskRunnerHeartbeat. */
	public static final String REPORT_TASK_RUNNER_HEARTBEAT = "reportTaskRunnerHeartbeat";

	private final DataPipelineAsyncClient client;

	private final AwsRequestOverrideConfiguration pollOverride;

	private final CircuitBreaker pollBreaker;

	private final CircuitBreaker progressBreaker;

	private final CircuitBreaker statusBreaker;

	private final CircuitBreaker heartbeatBreaker;

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
		this.pollBreaker = circuitBreakers.circuitBreaker(POLL_FOR_TASK);
		this.progressBreaker = circuitBreakers.circuitBreaker(REPORT_TASK_PROGRESS);
		this.statusBreaker = circuitBreakers.circuitBreaker(SET_TASK_STATUS);
		this.heartbeatBreaker = circuitBreakers.circuitBreaker(REPORT_TASK_RUNNER_HEARTBEAT);
	}

	@Override
	public Mono<TaskObject> pollForTask(PollForTask request) {
		// suppressCancel: a poll aborted client-side may already have taken a task
		// upstream, which would then be lost until AWS reassigns it (2 min later).
		return call(() -> this.client.pollForTask(AwsModel.pollForTask(request, this.pollOverride)), true)
			.mapNotNull((response) -> AwsModel.task(response.taskObject()))
			.transformDeferred(CircuitBreakerOperator.of(this.pollBreaker))
			.transform((call) -> this.metrics.timed("PollForTask", call))
			.transform((call) -> this.spans.observed("PollForTask", request.workerGroup(), call));
	}

	@Override
	public Mono<Void> pollForTaskPermitted() {
		return Mono.defer(() -> isOpen(this.pollBreaker)
				? Mono.error(CallNotPermittedException.createCallNotPermittedException(this.pollBreaker))
				: Mono.empty());
	}

	private static boolean isOpen(CircuitBreaker breaker) {
		CircuitBreaker.State state = breaker.getState();
		return state == CircuitBreaker.State.OPEN || state == CircuitBreaker.State.FORCED_OPEN;
	}

	@Override
	public Mono<Boolean> reportTaskProgress(TaskProgress progress) {
		return call(() -> this.client.reportTaskProgress(AwsModel.reportTaskProgress(progress)), false)
			.map((response) -> Boolean.TRUE.equals(response.canceled()))
			.transformDeferred(CircuitBreakerOperator.of(this.progressBreaker))
			.transform((call) -> this.metrics.timed("ReportTaskProgress", call))
			.transform((call) -> this.spans.observed("ReportTaskProgress", null, call));
	}

	@Override
	public Mono<Void> setTaskStatus(TaskStatusReport report) {
		return call(() -> this.client.setTaskStatus(AwsModel.setTaskStatus(report)), false).then()
			.transformDeferred(CircuitBreakerOperator.of(this.statusBreaker))
			.transform((call) -> this.metrics.timed("SetTaskStatus", call))
			.transform((call) -> this.spans.observed("SetTaskStatus", null, call));
	}

	@Override
	public Mono<Boolean> reportTaskRunnerHeartbeat(RunnerHeartbeat heartbeat) {
		return call(() -> this.client.reportTaskRunnerHeartbeat(AwsModel.reportTaskRunnerHeartbeat(heartbeat)), false)
			.map((response) -> Boolean.TRUE.equals(response.terminate()))
			.transformDeferred(CircuitBreakerOperator.of(this.heartbeatBreaker))
			.transform((call) -> this.metrics.timed("ReportTaskRunnerHeartbeat", call))
			.transform((call) -> this.spans.observed("ReportTaskRunnerHeartbeat", heartbeat.workerGroup(), call));
	}

	private static <T> Mono<T> call(Supplier<CompletableFuture<T>> future, boolean suppressCancel) {
		return Mono.fromFuture(future, suppressCancel).onErrorMap(CompletionException.class, UpstreamFailures::unwrap);
	}

}
