package com.platform.workergateway.upstream;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import com.platform.workergateway.upstream.FakeDataPipelineServer.Answer;
import com.platform.workergateway.upstream.FakeDataPipelineServer.Received;
import com.platform.workergateway.upstream.UpstreamClientError.Kind;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.junit.jupiter.api.AfterEach;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;

import com.platform.workergateway.upstream.UpstreamClientError.Kind;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The adapter on the real SDK and transport, against a server on a real socket: typed
 * answers, typed failures, cancellation.
 */
class AwsDataPipelineClientTests {

	private static final Duration WAIT = Duration.ofSeconds(5);

	private static final String TASK = """
			{"taskObject":{"taskId":"token-1","pipelineId":"df-1","attemptId":"@a_Attempt=1",
			 "objects":{"@a_Attempt=1":{"id":"@a_Attempt=1","name":"a","fields":[
			  {"key":"type","stringValue":"ShellCommandActivity"},{"key":"input","refValue":"MyS3Input"}]}}}}
			""";

	private static final PollForTask POLL = new PollForTask("wg-1", "host.example",
			new PollForTask.InstanceIdentity("doc", "sig"));

	private static final TaskProgress PROGRESS = new TaskProgress("token-1",
			List.of(new TaskObject.Field("percentComplete", "50", null)));

	private static final TaskStatusReport STATUS = new TaskStatusReport("token-1", "FAILED", "E1", "boom", "trace");

	private static final RunnerHeartbeat HEARTBEAT = new RunnerHeartbeat("runner-1", "wg-1", "host.example");

	private final FakeDataPipelineServer server = new FakeDataPipelineServer();

	private final TestUpstream upstream = new TestUpstream(this.server.endpoint(), Duration.ofSeconds(10),
			Duration.ofSeconds(10));

	private final DataPipelineClient client = this.upstream.adapter(CircuitBreakerRegistry.ofDefaults());

	@AfterEach
	void close() {
		this.upstream.close();
		this.server.close();
	}

	@Test
	void shouldReturnTaskWhenUpstreamHandsOneOut() {
		this.server.then(Answer.ok(TASK));

		StepVerifier.create(this.client.pollForTask(POLL))
			.expectNext(new TaskObject("token-1", "df-1", "@a_Attempt=1",
					Map.of("@a_Attempt=1",
							new TaskObject.PipelineObject("@a_Attempt=1", "a",
									List.of(new TaskObject.Field("type", "ShellCommandActivity", null),
											new TaskObject.Field("input", null, "MyS3Input"))))))
			.expectComplete()
			.verify(WAIT);

		assertThat(this.server.only().bodyAsString()).isEqualTo(
				"{\"workerGroup\":\"wg-1\",\"hostname\":\"host.example\",\"instanceIdentity\":{\"document\":\"doc\",\"signature\":\"sig\"}}");
	}

	@Test
	void shouldCompleteEmptyWhenPollEndsWithoutTask() {
		this.server.then(Answer.ok("{}"));

		StepVerifier.create(this.client.pollForTask(new PollForTask("wg-1", null, null))).expectComplete().verify(WAIT);

		assertThat(this.server.only().bodyAsString()).isEqualTo("{\"workerGroup\":\"wg-1\"}");
	}

	@Test
	void shouldFailWhenPolledTaskHasNoId() {
		this.server.then(Answer.ok("{\"taskObject\":{\"pipelineId\":\"df-1\"}}"));

		StepVerifier.create(this.client.pollForTask(POLL))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(UpstreamUnavailable.class)
				.cause()
				.hasMessageContaining("without taskId"))
			.verify(WAIT);
	}

	@Test
	void shouldReturnCanceledWhenProgressIsReported() {
		this.server.then(Answer.ok("{\"canceled\":true}")).then(Answer.ok("{}"));

		StepVerifier.create(this.client.reportTaskProgress(PROGRESS)).expectNext(true).expectComplete().verify(WAIT);
		StepVerifier.create(this.client.reportTaskProgress(PROGRESS)).expectNext(false).expectComplete().verify(WAIT);

		assertThat(this.server.received().get(0).bodyAsString())
			.isEqualTo("{\"taskId\":\"token-1\",\"fields\":[{\"key\":\"percentComplete\",\"stringValue\":\"50\"}]}");
	}

	@Test
	void shouldCompleteWhenStatusIsSet() {
		this.server.then(Answer.ok("{}"));

		StepVerifier.create(this.client.setTaskStatus(STATUS)).expectComplete().verify(WAIT);

		assertThat(this.server.only().bodyAsString()).isEqualTo(
				"{\"taskId\":\"token-1\",\"taskStatus\":\"FAILED\",\"errorId\":\"E1\",\"errorMessage\":\"boom\",\"errorStackTrace\":\"trace\"}");
	}

	@Test
	void shouldReturnTerminateWhenHeartbeatIsReported() {
		this.server.then(Answer.ok("{\"terminate\":true}"));

		StepVerifier.create(this.client.reportTaskRunnerHeartbeat(HEARTBEAT))
			.expectNext(true)
			.expectComplete()
			.verify(WAIT);

		assertThat(this.server.only().bodyAsString())
			.isEqualTo("{\"taskrunnerId\":\"runner-1\",\"workerGroup\":\"wg-1\",\"hostname\":\"host.example\"}");
	}

	static Stream<Arguments> modelledErrors() {
		return Stream.of(arguments("pollForTask", "InternalServiceError", 500, null),
				arguments("pollForTask", "InvalidRequestException", 400, Kind.INVALID_REQUEST),
				arguments("pollForTask", "TaskNotFoundException", 400, Kind.TASK_NOT_FOUND),
				arguments("reportTaskProgress", "InternalServiceError", 500, null),
				arguments("reportTaskProgress", "InvalidRequestException", 400, Kind.INVALID_REQUEST),
				arguments("reportTaskProgress", "TaskNotFoundException", 400, Kind.TASK_NOT_FOUND),
				arguments("reportTaskProgress", "PipelineNotFoundException", 400, Kind.PIPELINE_NOT_FOUND),
				arguments("reportTaskProgress", "PipelineDeletedException", 400, Kind.PIPELINE_DELETED),
				arguments("setTaskStatus", "InternalServiceError", 500, null),
				arguments("setTaskStatus", "InvalidRequestException", 400, Kind.INVALID_REQUEST),
				arguments("setTaskStatus", "TaskNotFoundException", 400, Kind.TASK_NOT_FOUND),
				arguments("setTaskStatus", "PipelineNotFoundException", 400, Kind.PIPELINE_NOT_FOUND),
				arguments("setTaskStatus", "PipelineDeletedException", 400, Kind.PIPELINE_DELETED),
				arguments("reportTaskRunnerHeartbeat", "InternalServiceError", 500, null),
				arguments("reportTaskRunnerHeartbeat", "InvalidRequestException", 400, Kind.INVALID_REQUEST));
	}

	@ParameterizedTest(name = "{0}: {1}")
	@MethodSource("modelledErrors")
	void shouldSurfaceThePortsFailureWhenUpstreamAnswersModelledError(String operation, String type, int status,
			@Nullable Kind clientErrorKind) {
		this.server.then(Answer.error(status, type));

		StepVerifier.create(call(operation)).expectErrorSatisfies((ex) -> {
			if (clientErrorKind == null) {
				assertThat(ex).isExactlyInstanceOf(UpstreamServiceError.class);
			}
			else {
				assertThat(ex).isInstanceOfSatisfying(UpstreamClientError.class,
						(error) -> assertThat(error.kind()).isEqualTo(clientErrorKind));
			}
			assertThat(((UpstreamFailure) ex).errorCode()).isEqualTo(type);
		}).verify(WAIT);

		assertThat(this.server.received()).hasSize(1);
	}

	@ParameterizedTest
	@MethodSource("operations")
	void shouldSurfaceThrottlingWhenUpstreamThrottles(String operation) {
		this.server.then(Answer.error(400, "ThrottlingException"));

		StepVerifier.create(call(operation)).expectErrorSatisfies((ex) -> {
			assertThat(ex).isExactlyInstanceOf(UpstreamThrottled.class);
			assertThat(((UpstreamThrottled) ex).errorCode()).isEqualTo("ThrottlingException");
		}).verify(WAIT);

		assertThat(this.server.received()).hasSize(1);
	}

	@ParameterizedTest
	@MethodSource("operations")
	void shouldMakeOneAttemptWhenUpstreamFails(String operation) {
		this.server.then(Answer.error(500, "InternalServiceError"));

		StepVerifier.create(call(operation)).expectError(UpstreamServiceError.class).verify(WAIT);

		assertThat(this.server.received()).hasSize(1);
	}

	@Test
	void shouldRefuseCallsWithoutACallWhileTheirBreakerIsOpen() {
		CircuitBreakerRegistry breakers = CircuitBreakerRegistry.ofDefaults();
		DataPipelineClient guarded = this.upstream.adapter(breakers);
		StepVerifier.create(guarded.permitted(DataPipelineOperation.POLL_FOR_TASK)).verifyComplete();

		breakers.circuitBreaker(AwsDataPipelineClient.POLL_FOR_TASK).transitionToOpenState();

		StepVerifier.create(guarded.permitted(DataPipelineOperation.POLL_FOR_TASK))
			.expectErrorSatisfies(
					(ex) -> assertThat(ex).isInstanceOfSatisfying(UpstreamUnavailable.class, (refused) -> {
						assertThat(refused.reason()).isEqualTo(UpstreamUnavailable.Reason.BREAKER_OPEN);
						// The default breaker's wait in the open state.
						assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(60));
					}))
			.verify(WAIT);
		StepVerifier.create(guarded.permitted(DataPipelineOperation.SET_TASK_STATUS)).verifyComplete();
		this.server.then(Answer.ok("{}"));
		StepVerifier.create(guarded.setTaskStatus(STATUS).then(guarded.pollForTask(POLL)))
			.expectError(UpstreamUnavailable.class)
			.verify(WAIT);
		assertThat(this.server.received()).hasSize(1);
		breakers.circuitBreaker(AwsDataPipelineClient.POLL_FOR_TASK).transitionToHalfOpenState();
		StepVerifier.create(guarded.permitted(DataPipelineOperation.POLL_FOR_TASK)).verifyComplete();
	}

	@Test
	void shouldNotAbortUpstreamPollWhenPollIsCancelled() {
		Sinks.Empty<Void> release = Sinks.empty();
		this.server.then(Answer.heldUntil(release, TASK));
		Disposable poll = this.client.pollForTask(POLL).subscribe();
		await().atMost(WAIT).until(() -> this.server.received().size() == 1);

		poll.dispose();
		release.tryEmitEmpty();

		Received received = this.server.only();
		assertThat(received.answered).succeedsWithin(WAIT);
		assertThat(received.abortedByClient).isNotDone();
	}

	@ParameterizedTest
	@MethodSource("shortCalls")
	void shouldAbortExchangeWhenShortCallIsCancelled(String operation) {
		this.server.then(Answer.hang());
		Disposable call = call(operation).subscribe();
		await().atMost(WAIT).until(() -> this.server.received().size() == 1);

		call.dispose();

		assertThat(this.server.only().abortedByClient).succeedsWithin(WAIT);
	}

	@Test
	void shouldAbortExchangeWhenSdkTimeoutFires() {
		AwsRequestOverrideConfiguration shortSdkTimeout = AwsRequestOverrideConfiguration.builder()
			.apiCallAttemptTimeout(Duration.ofMillis(300))
			.build();
		DataPipelineClient impatient = this.upstream.adapter(shortSdkTimeout);
		this.server.then(Answer.hang());

		StepVerifier.create(impatient.pollForTask(POLL))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(UpstreamTimeout.class))
			.verify(WAIT);

		assertThat(this.server.only().abortedByClient).succeedsWithin(WAIT);
	}

	@Test
	void shouldCallUpstreamOnlyWhenSubscribed() {
		Mono<TaskObject> poll = this.client.pollForTask(POLL);
		Mono<Void> status = this.client.setTaskStatus(STATUS);

		assertThat(this.server.received()).isEmpty();
		StepVerifier.create(poll.then(status).then(status)).expectComplete().verify(WAIT);
		assertThat(this.server.received()).extracting(Received::target)
			.containsExactly("DataPipeline.PollForTask", "DataPipeline.SetTaskStatus", "DataPipeline.SetTaskStatus");
	}

	static Stream<String> operations() {
		return Stream.of("pollForTask", "reportTaskProgress", "setTaskStatus", "reportTaskRunnerHeartbeat");
	}

	static Stream<String> shortCalls() {
		return Stream.of("reportTaskProgress", "setTaskStatus", "reportTaskRunnerHeartbeat");
	}

	private Mono<?> call(String operation) {
		Map<String, Function<DataPipelineClient, Mono<?>>> calls = Map.of("pollForTask", (c) -> c.pollForTask(POLL),
				"reportTaskProgress", (c) -> c.reportTaskProgress(PROGRESS), "setTaskStatus",
				(c) -> c.setTaskStatus(STATUS), "reportTaskRunnerHeartbeat",
				(c) -> c.reportTaskRunnerHeartbeat(HEARTBEAT));
		return calls.get(operation).apply(this.client);
	}

}
