package com.platform.workergateway.emulator;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import com.platform.workergateway.emulator.fault.Fault;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static com.platform.workergateway.emulator.AwsJsonEndpointIntegrationTests.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Rate limits and injected faults as a client sees them.
 */
class ThrottlingAndFaultIntegrationTests {

	private static final String HEARTBEAT = "{\"taskrunnerId\":\"r\"}";

	private static TestEmulator emulator;

	@BeforeAll
	static void start() {
		// Two heartbeats of burst and a refill too slow to matter during the test.
		emulator = TestEmulator.start(Duration.ofSeconds(20), TestEmulator.heartbeatLimit(0.001, 2));
	}

	@AfterAll
	static void stop() {
		emulator.close();
	}

	@BeforeEach
	void reset() {
		emulator.dataPipeline.reset();
	}

	@Test
	void shouldThrottleWhenTheBurstIsSpent() {
		assertThat(emulator.http.aws("ReportTaskRunnerHeartbeat", HEARTBEAT).statusCode()).isEqualTo(200);
		assertThat(emulator.http.aws("ReportTaskRunnerHeartbeat", HEARTBEAT).statusCode()).isEqualTo(200);

		HttpResponse<String> throttled = emulator.http.aws("ReportTaskRunnerHeartbeat", HEARTBEAT);

		assertError(throttled, 400, "ThrottlingException", "Rate exceeded");
		assertThat(throttled.body()).isEqualTo("{\"__type\":\"ThrottlingException\",\"message\":\"Rate exceeded\"}");
		assertThat(emulator.dataPipeline.calls().count("ReportTaskRunnerHeartbeat", "throttled")).isOne();
		assertThat(emulator.dataPipeline.runners().get(0).heartbeats()).isEqualTo(2);
	}

	@Test
	void shouldRefillTheBucketsWhenReset() {
		emulator.http.aws("ReportTaskRunnerHeartbeat", HEARTBEAT);
		emulator.http.aws("ReportTaskRunnerHeartbeat", HEARTBEAT);

		emulator.dataPipeline.reset();

		assertThat(emulator.http.aws("ReportTaskRunnerHeartbeat", HEARTBEAT).statusCode()).isEqualTo(200);
	}

	@Test
	void shouldAnswerTheInjectedErrorWhenAFaultHitsEveryCall() {
		emulator.dataPipeline.addFault(Fault.error("PollForTask", "InternalServiceError"));
		String taskId = emulator.dataPipeline.schedule("wg").taskId();

		assertError(emulator.http.aws("PollForTask", "{\"workerGroup\":\"wg\"}"), 500, "InternalServiceError",
				"internal service error");
		assertThat(emulator.http.aws("ReportTaskRunnerHeartbeat", HEARTBEAT).statusCode()).isEqualTo(200);
		assertThat(emulator.dataPipeline.ledger(taskId).orElseThrow().assignments()).isEmpty();
		assertThat(emulator.dataPipeline.calls().count("PollForTask", "InternalServiceError")).isOne();
	}

	@Test
	void shouldAnswerLateWhenALatencyIsInjected() {
		emulator.http.admin("POST", "/emulator/faults",
				"{\"operation\":\"ReportTaskRunnerHeartbeat\",\"latency\":400}");
		long start = System.nanoTime();

		HttpResponse<String> response = emulator.http.aws("ReportTaskRunnerHeartbeat", HEARTBEAT);

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
	}

	@Test
	void shouldNeverAnswerWhenAHangIsInjected() throws Exception {
		emulator.dataPipeline.addFault(Fault.hang("SetTaskStatus"));

		CompletableFuture<HttpResponse<String>> hanging = emulator.http.awsAsync("SetTaskStatus",
				"{\"taskId\":\"t\",\"taskStatus\":\"FINISHED\"}");

		await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> !hanging.isDone());
		assertThat(emulator.http.aws("ReportTaskRunnerHeartbeat", HEARTBEAT).statusCode()).isEqualTo(200);
		assertThat(emulator.dataPipeline.calls().received("SetTaskStatus")).isOne();
		hanging.cancel(true);
		emulator.dataPipeline.clearFaults();
		assertThat(emulator.http.aws("SetTaskStatus", "{\"taskId\":\"t\",\"taskStatus\":\"FINISHED\"}").statusCode())
			.isEqualTo(400);
		assertThat(hanging.isDone()).isTrue();
	}

}
