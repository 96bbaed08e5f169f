package com.platform.workergateway.upstream;

import java.time.Duration;
import java.util.List;

import com.platform.workergateway.emulator.EmulatorDataPipeline;
import com.platform.workergateway.emulator.EmulatorProperties;
import com.platform.workergateway.emulator.EmulatorServer;
import com.platform.workergateway.emulator.fault.Fault;
import com.platform.workergateway.emulator.task.TaskLedgerEntry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole upstream stack against the embedded Data Pipeline emulator: a task's life
 * from poll to final status, an idle poll, and faults.
 */
class AwsDataPipelineClientEmulatorIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(5);

	private final EmulatorDataPipeline emulator = new EmulatorDataPipeline(
			new EmulatorProperties(true, "localhost", 0, Duration.ofMillis(300), Duration.ofMinutes(2),
					new EmulatorProperties.RateLimits(false, null, null, null, null)));

	private final EmulatorServer server = new EmulatorServer(this.emulator, "localhost", 0);

	private final TestUpstream upstream = new TestUpstream(this.server.baseUri(), Duration.ofSeconds(5),
			Duration.ofSeconds(5));

	private final DataPipelineClient client = this.upstream.adapter(CircuitBreakerRegistry.ofDefaults());

	@AfterEach
	void close() {
		this.upstream.close();
		this.server.close();
	}

	@Test
	void shouldCarryTaskFromPollToFinalStatus() {
		TaskLedgerEntry scheduled = this.emulator.schedule("wg-it");

		TaskObject task = this.client.pollForTask(new PollForTask("wg-it", "host.example", null)).block(WAIT);
		assertThat(task).isNotNull();
		StepVerifier.create(this.client.reportTaskProgress(new TaskProgress(task.taskId(), List.of())))
			.expectNext(false)
			.expectComplete()
			.verify(WAIT);
		StepVerifier
			.create(this.client.setTaskStatus(new TaskStatusReport(task.taskId(), "FINISHED", null, null, null)))
			.expectComplete()
			.verify(WAIT);
		StepVerifier.create(this.client.reportTaskRunnerHeartbeat(new RunnerHeartbeat("runner-it", "wg-it", null)))
			.expectNext(false)
			.expectComplete()
			.verify(WAIT);

		assertThat(task.taskId()).isEqualTo(scheduled.taskId());
		assertThat(task.pipelineId()).isEqualTo(scheduled.pipelineId());
		assertThat(task.objects()).isNotEmpty();
		assertThat(this.emulator.ledger(task.taskId())).hasValueSatisfying((entry) -> {
			assertThat(entry.progressReports()).isEqualTo(1);
			assertThat(entry.finalStatus()).isEqualTo("FINISHED");
		});
	}

	@Test
	void shouldCompleteEmptyWhenPollIsHeldWithoutTask() {
		StepVerifier.create(this.client.pollForTask(new PollForTask("wg-idle", null, null)))
			.expectComplete()
			.verify(WAIT);
	}

	@Test
	void shouldSurfaceTaskNotFoundWhenTaskIsUnknown() {
		StepVerifier
			.create(this.client.setTaskStatus(new TaskStatusReport("no-such-task", "FINISHED", null, null, null)))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOfSatisfying(UpstreamClientError.class,
					(error) -> assertThat(error.kind()).isEqualTo(UpstreamClientError.Kind.TASK_NOT_FOUND)))
			.verify(WAIT);
	}

	@Test
	void shouldMakeOneAttemptWhenEmulatorInjectsServerError() {
		this.emulator.addFault(Fault.error("ReportTaskRunnerHeartbeat", "InternalServiceError"));

		StepVerifier.create(this.client.reportTaskRunnerHeartbeat(new RunnerHeartbeat("runner-it", null, null)))
			.expectError(UpstreamServiceError.class)
			.verify(WAIT);

		assertThat(this.emulator.calls().received("ReportTaskRunnerHeartbeat")).isEqualTo(1);
	}

}
