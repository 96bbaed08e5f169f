package com.platform.workergateway.upstream;

import java.net.ConnectException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;

import com.platform.workergateway.upstream.FakeDataPipelineServer.Answer;
import com.platform.workergateway.upstream.FakeDataPipelineServer.Received;
import io.netty.handler.codec.http.HttpHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.datapipeline.DataPipelineAsyncClient;
import software.amazon.awssdk.services.datapipeline.model.InternalServiceErrorException;
import software.amazon.awssdk.services.datapipeline.model.PollForTaskResponse;
import software.amazon.awssdk.services.datapipeline.model.TaskStatus;

import org.springframework.util.unit.DataSize;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * The transport under the real SDK client, against a server on a real socket.
 */
class WebClientSdkHttpClientTests {

	private static final Duration WAIT = Duration.ofSeconds(5);

	private final FakeDataPipelineServer server = new FakeDataPipelineServer();

	private TestUpstream upstream = new TestUpstream(this.server.endpoint(), Duration.ofSeconds(5),
			Duration.ofSeconds(5));

	@AfterEach
	void close() {
		this.upstream.close();
		this.server.close();
	}

	@Test
	void shouldSendSignedHeadersAndBodyUnalteredWhenCallingEachOperation() {
		DataPipelineAsyncClient sdk = this.upstream.sdkClient;

		sdk.pollForTask((r) -> r.workerGroup("wg-1").hostname("host.example")).join();
		sdk.reportTaskProgress((r) -> r.taskId("t-1").fields((f) -> f.key("percent").stringValue("50"))).join();
		sdk.setTaskStatus((r) -> r.taskId("t-1").taskStatus(TaskStatus.FAILED).errorMessage("bad \"quote\" é")).join();
		sdk.reportTaskRunnerHeartbeat((r) -> r.taskrunnerId("runner-1").workerGroup("wg-1")).join();

		assertThat(this.server.received()).extracting(Received::target)
			.containsExactly("DataPipeline.PollForTask", "DataPipeline.ReportTaskProgress",
					"DataPipeline.SetTaskStatus", "DataPipeline.ReportTaskRunnerHeartbeat");
		assertThat(this.server.received()).allSatisfy((received) -> {
			HttpHeaders headers = received.headers;
			assertThat(SigV4Verifier.verify(headers, received.body, TestUpstream.SECRET_ACCESS_KEY))
				.isEqualTo("datapipeline");
			assertThat(headers.get("Authorization")).contains("Credential=" + TestUpstream.ACCESS_KEY_ID + "/")
				.contains("/us-east-1/datapipeline/aws4_request");
			assertThat(headers.getAll("Content-Length")).containsExactly(String.valueOf(received.body.length));
			assertThat(headers.getAll("Host")).containsExactly(this.server.endpoint().getAuthority());
			assertThat(headers.get("X-Amz-Date")).isNotBlank();
			assertThat(headers.get("Content-Type")).isEqualTo("application/x-amz-json-1.1");
			assertThat(headers.get("amz-sdk-request")).isEqualTo("attempt=1; max=1");
			assertThat(headers.contains("Accept-Encoding")).isFalse();
			assertThat(headers.contains("Transfer-Encoding")).isFalse();
			assertThat(headers.contains("Expect")).isFalse();
		});
		assertThat(this.server.received().get(2).bodyAsString()).contains("\"errorMessage\":\"bad \\\"quote\\\" é\"");
	}

	@Test
	void shouldTimeOutAndCloseConnectionWhenUpstreamHangs() {
		this.upstream.close();
		this.upstream = new TestUpstream(this.server.endpoint(), Duration.ofMillis(400), Duration.ofSeconds(5));
		this.server.then(Answer.hang());
		long start = System.nanoTime();

		Throwable failure = catchThrowable(
				() -> this.upstream.sdkClient.pollForTask((r) -> r.workerGroup("wg")).join());

		Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
		Throwable cause = AwsFailures.unwrap(failure);
		assertThat(cause).isInstanceOf(SdkClientException.class).hasCauseInstanceOf(TimeoutException.class);
		assertThat(cause.getCause()).hasMessageContaining("400 ms").hasMessageContaining("DataPipeline.PollForTask");
		assertThat(AwsFailures.isTimeout(failure)).isTrue();
		assertThat(elapsed).isBetween(Duration.ofMillis(400), Duration.ofSeconds(3));
		assertThat(this.server.only().abortedByClient).succeedsWithin(WAIT);
	}

	@Test
	void shouldChooseResponseTimeoutByOperation() {
		this.upstream.close();
		this.upstream = new TestUpstream(this.server.endpoint(), Duration.ofSeconds(5), Duration.ofMillis(300));
		Mono<Void> slowerThanCallTimeout = Mono.delay(Duration.ofMillis(800)).then();
		this.server.then(new Answer(200, "{}", slowerThanCallTimeout))
			.then(new Answer(200, "{}", slowerThanCallTimeout));

		PollForTaskResponse poll = this.upstream.sdkClient.pollForTask((r) -> r.workerGroup("wg")).join();
		Throwable status = catchThrowable(
				() -> this.upstream.sdkClient.setTaskStatus((r) -> r.taskId("t").taskStatus("FINISHED")).join());

		assertThat(poll.taskObject()).isNull();
		assertThat(AwsFailures.isTimeout(status)).isTrue();
		assertThat(status).hasStackTraceContaining("300 ms (DataPipeline.SetTaskStatus)");
	}

	@Test
	void shouldMakeOneAttemptWhenUpstreamFails() {
		this.server.then(Answer.error(500, "InternalServiceError"));

		Throwable failure = catchThrowable(
				() -> this.upstream.sdkClient.reportTaskRunnerHeartbeat((r) -> r.taskrunnerId("r")).join());

		assertThat(AwsFailures.unwrap(failure)).isInstanceOf(InternalServiceErrorException.class);
		assertThat(this.server.received()).hasSize(1);
	}

	@Test
	void shouldAcceptEmptyBodyWhenUpstreamAnswersWithNone() {
		this.server.then(Answer.ok("")).then(Answer.ok(""));

		PollForTaskResponse poll = this.upstream.sdkClient.pollForTask((r) -> r.workerGroup("wg")).join();
		this.upstream.sdkClient.setTaskStatus((r) -> r.taskId("t").taskStatus("FINISHED")).join();

		assertThat(poll.taskObject()).isNull();
		assertThat(this.server.received()).hasSize(2);
	}

	@Test
	void shouldFailAsTransportWhenConnectionRefused() {
		DisposableServer closed = HttpServer.create().host("127.0.0.1").port(0).bindNow();
		URI refused = URI.create("http://127.0.0.1:" + closed.port());
		closed.disposeNow();

		try (TestUpstream unreachable = new TestUpstream(refused, Duration.ofSeconds(5), Duration.ofSeconds(5))) {
			Throwable failure = catchThrowable(
					() -> unreachable.sdkClient.pollForTask((r) -> r.workerGroup("wg")).join());

			assertThat(AwsFailures.unwrap(failure)).isInstanceOf(SdkClientException.class)
				.hasRootCauseInstanceOf(ConnectException.class);
			assertThat(AwsFailures.isTransport(failure)).isTrue();
			assertThat(AwsFailures.isTimeout(failure)).isFalse();
		}
	}

	@Test
	void shouldFailFastWhenPollPoolIsBusyAndStillServeShortCalls() {
		UpstreamProperties base = this.upstream.properties;
		UpstreamProperties onePollConnection = new UpstreamProperties(base.endpoint(), base.region(),
				base.pollResponseTimeout(), base.callResponseTimeout(), base.connectTimeout(), base.sdkTimeoutMargin(),
				1, 1, Duration.ofMillis(200), base.maxIdleTime(), DataSize.ofMegabytes(1), base.staticCredentials(),
				base.pollHold());
		WebClientSdkHttpClient httpClient = WebClientSdkHttpClient.create(WebClient.builder(), onePollConnection);
		try (DataPipelineAsyncClient sdk = UpstreamConfiguration.sdkClient(httpClient, onePollConnection, null)) {
			this.server.then(Answer.hang());
			CompletableFuture<PollForTaskResponse> holdsTheConnection = sdk.pollForTask((r) -> r.workerGroup("wg"));
			await().atMost(WAIT).until(() -> this.server.received().size() == 1);

			Throwable secondPoll = catchThrowable(() -> sdk.pollForTask((r) -> r.workerGroup("wg")).join());
			sdk.reportTaskRunnerHeartbeat((r) -> r.taskrunnerId("r")).join();

			assertThat(AwsFailures.isPoolExhausted(secondPoll)).isTrue();
			assertThat(AwsFailures.isTimeout(secondPoll)).isFalse();
			assertThat(AwsFailures.isTransport(secondPoll)).isTrue();
			assertThat(this.server.received()).extracting(Received::target)
				.containsExactly("DataPipeline.PollForTask", "DataPipeline.ReportTaskRunnerHeartbeat");
			holdsTheConnection.cancel(true);
		}
		finally {
			httpClient.close();
		}
	}

}
