package com.platform.workergateway.report;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

import com.platform.workergateway.budget.BudgetProperties;
import com.platform.workergateway.budget.UpstreamBudget;
import com.platform.workergateway.upstream.DataPipelineClient;
import com.platform.workergateway.upstream.DataPipelineOperation;
import com.platform.workergateway.upstream.PollForTask;
import com.platform.workergateway.upstream.RunnerHeartbeat;
import com.platform.workergateway.upstream.TaskObject;
import com.platform.workergateway.upstream.TaskProgress;
import com.platform.workergateway.upstream.TaskStatusReport;
import com.platform.workergateway.upstream.UpstreamUnavailable;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The order in which a report attempt asks: breaker, then budget, then the call.
 */
class UpstreamReportsTests {

	private static final Duration WAIT = Duration.ofSeconds(5);

	private static final TaskStatusReport STATUS = new TaskStatusReport("task-1", "FINISHED", null, null, null);

	private final BreakerOpenForStatus upstream = new BreakerOpenForStatus();

	/** One SetTaskStatus token, refilled only after about 1,000 s. */
	private final UpstreamBudget budget = new UpstreamBudget(
			new BudgetProperties(true, 1, Duration.ZERO, Duration.ZERO, 0,
					Map.of("SetTaskStatus", new BudgetProperties.Limit(0.001, 1))),
			new SimpleMeterRegistry(), Schedulers.parallel(), System::nanoTime);

	private final UpstreamReports reports = new UpstreamReports(this.upstream, this.budget, new SimpleMeterRegistry());

	@Test
	void shouldSpendNoBudgetOnAReportTheOpenBreakerRefuses() {
		this.upstream.open = true;
		for (int i = 0; i < 3; i++) {
			StepVerifier.create(this.reports.setTaskStatus(STATUS))
				.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOfSatisfying(UpstreamUnavailable.class,
						(refused) -> assertThat(refused.reason()).isEqualTo(UpstreamUnavailable.Reason.BREAKER_OPEN)))
				.verify(WAIT);
		}

		this.upstream.open = false;

		// The bucket's only token is still there: the refused reports did not take it.
		StepVerifier.create(this.reports.setTaskStatus(STATUS)).expectComplete().verify(WAIT);
		assertThat(this.upstream.statusCalls).hasValue(1);
	}

	/** An upstream whose SetTaskStatus breaker can be opened. */
	static final class BreakerOpenForStatus implements DataPipelineClient {

		volatile boolean open;

		final AtomicInteger statusCalls = new AtomicInteger();

		@Override
		public Mono<Void> permitted(DataPipelineOperation operation) {
			return (this.open && operation == DataPipelineOperation.SET_TASK_STATUS)
					? Mono.error(new UpstreamUnavailable(UpstreamUnavailable.Reason.BREAKER_OPEN, WAIT, null))
					: Mono.empty();
		}

		@Override
		public Mono<TaskObject> pollForTask(PollForTask request) {
			return Mono.empty();
		}

		@Override
		public Mono<Boolean> reportTaskProgress(TaskProgress progress) {
			return Mono.just(false);
		}

		@Override
		public Mono<Void> setTaskStatus(TaskStatusReport report) {
			return Mono.fromRunnable(this.statusCalls::incrementAndGet);
		}

		@Override
		public Mono<Boolean> reportTaskRunnerHeartbeat(RunnerHeartbeat heartbeat) {
			return Mono.just(false);
		}

	}

}
