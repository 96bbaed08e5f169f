package com.platform.workergateway.upstream;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import com.platform.workergateway.emulator.EmulatorDataPipeline;
import com.platform.workergateway.emulator.EmulatorProperties;
import com.platform.workergateway.emulator.EmulatorServer;
import com.platform.workergateway.emulator.fault.Fault;
import com.platform.workergateway.emulator.task.TaskLedgerEntry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.async.AsyncExecuteRequest;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.services.datapipeline.DataPipelineAsyncClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole upstream stack against the embedded Data Pipeline emulator: a task's life
 * from poll to final status, an idle poll, and faults.
 */
class AwsDataPipelineClientEmulatorIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(5);

	private final EmulatorDataPipeline emulator = new EmulatorDataPipeline(
			new EmulatorProperties(true, "localhost", 0, Duration.ofMillis(300), Duration.ofMinutes(2),
					new EmulatorProperties.RateLimits(false, null, null, null, null),
					new EmulatorProperties.Credentials(TestUpstream.ACCESS_KEY_ID, TestUpstream.SECRET_ACCESS_KEY)));

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

	@Test
	void shouldBeRefusedByTheEmulatorWhenTheTransportChangesASignedHeader() {
		// A signing regression: after the SDK signed the request, the transport appends a
		// charset to the signed Content-Type, as a codec might.
		SdkAsyncHttpClient rewritingContentType = new SdkAsyncHttpClient() {
			@Override
			public CompletableFuture<Void> execute(AsyncExecuteRequest request) {
				SdkHttpRequest rewritten = request.request()
					.toBuilder()
					.putHeader("Content-Type", "application/x-amz-json-1.1; charset=UTF-8")
					.build();
				return executeRewritten(AwsDataPipelineClientEmulatorIntegrationTests.this.upstream.httpClient, request,
						rewritten);
			}

			@Override
			public void close() {
			}
		};
		try (DataPipelineAsyncClient sdk = UpstreamConfiguration.sdkClient(rewritingContentType,
				this.upstream.properties, null)) {
			DataPipelineClient client = new AwsDataPipelineClient(sdk,
					UpstreamConfiguration.pollOverride(this.upstream.properties), CircuitBreakerRegistry.ofDefaults());

			StepVerifier.create(client.reportTaskRunnerHeartbeat(new RunnerHeartbeat("runner-it", null, null)))
				.expectErrorSatisfies(
						(error) -> assertThat(error).isInstanceOfSatisfying(UpstreamClientError.class, (ex) -> {
							assertThat(ex.kind()).isEqualTo(UpstreamClientError.Kind.OTHER);
							assertThat(ex.errorCode()).isEqualTo("InvalidSignatureException");
						}))
				.verify(WAIT);
		}
		assertThat(this.emulator.calls().count("ReportTaskRunnerHeartbeat", "rejected-auth")).isOne();
	}

	/**
	 * Hands a request to our transport with other headers, as if it had changed them.
	 */
	private static CompletableFuture<Void> executeRewritten(SdkAsyncHttpClient transport, AsyncExecuteRequest request,
			SdkHttpRequest rewritten) {
		return transport.execute(AsyncExecuteRequest.builder()
			.request(rewritten)
			.requestContentPublisher(request.requestContentPublisher())
			.responseHandler(request.responseHandler())
			.fullDuplex(request.fullDuplex())
			.metricCollector(request.metricCollector().orElse(null))
			.build());
	}

}
