package com.platform.workergateway.report;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import com.platform.workergateway.emulator.EmulatorDataPipeline;
import com.platform.workergateway.emulator.fault.Fault;
import com.platform.workergateway.emulator.task.TaskLedgerEntry;
import com.platform.workergateway.emulator.task.TaskState;
import com.platform.workergateway.support.GatewayIntegrationTest;
import com.platform.workergateway.support.WorkerClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole task lifecycle through the gateway, over real sockets, against the emulator.
 */
@GatewayIntegrationTest
class TaskLifecycleIntegrationTests {

	private static final Duration AWAIT = Duration.ofSeconds(15);

	@LocalServerPort
	int port;

	@Autowired
	EmulatorDataPipeline emulator;

	@Autowired
	MeterRegistry meters;

	@Autowired
	CircuitBreakerRegistry circuitBreakers;

	private WorkerClient worker;

	private final String group = "wg-" + UUID.randomUUID();

	@BeforeEach
	void setUp() {
		this.emulator.reset();
		this.circuitBreakers.getAllCircuitBreakers().forEach(CircuitBreaker::reset);
		this.worker = new WorkerClient(this.port);
	}

	@Test
	void shouldRunTheLifecycleToFinished() {
		String taskId = this.emulator.schedule(this.group).taskId();
		Map<String, Object> task = this.worker.takeTask(this.group);
		String token = (String) task.get("taskToken");

		ResponseEntity<Map> ack = this.worker.progress(token);
		ResponseEntity<Map> progress = this.worker
			.progressAsync(token, List.of(Map.of("key", "percentComplete", "stringValue", "50")))
			.block(AWAIT);
		ResponseEntity<Map> status = this.worker.status(Map.of("taskToken", token, "taskStatus", "FINISHED"));

		assertThat(ack.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(ack.getBody()).containsEntry("canceled", false);
		assertThat(progress.getBody()).containsEntry("canceled", false);
		assertThat(status.getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
		TaskLedgerEntry ledger = this.emulator.ledger(taskId).orElseThrow();
		assertThat(ledger.state()).isEqualTo(TaskState.FINISHED);
		assertThat(ledger.assignments()).singleElement()
			.satisfies((assignment) -> assertThat(assignment.acknowledgedAt()).isNotNull());
		assertThat(this.meters.get("worker.gateway.tasks.acknowledgement").timer().count()).isPositive();
	}

	@Test
	void shouldReportFailureWithAStackTraceTruncatedToTheModel() {
		String taskId = this.emulator.schedule(this.group).taskId();
		String token = (String) this.worker.takeTask(this.group).get("taskToken");
		this.worker.progress(token);
		String stackTrace = "java.lang.IllegalStateException: disk full\n"
				+ "\tat com.example.Job.run(Job.java:42)\n".repeat(140);
		assertThat(stackTrace.length()).isGreaterThan(5000);

		ResponseEntity<Map> status = this.worker.status(Map.of("taskToken", token, "taskStatus", "FAILED", "errorId",
				"DiskFull", "errorMessage", "No space left on device", "errorStackTrace", stackTrace));

		assertThat(status.getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
		TaskLedgerEntry ledger = this.emulator.ledger(taskId).orElseThrow();
		assertThat(ledger.state()).isEqualTo(TaskState.FAILED);
		assertThat(ledger.errorId()).isEqualTo("DiskFull");
		assertThat(ledger.errorMessage()).isEqualTo("No space left on device");
		assertThat(ledger.errorStackTrace()).hasSize(1024)
			.startsWith("java.lang.IllegalStateException: disk full\n")
			.endsWith("[truncated " + stackTrace.length() + " characters to 1024]");
	}

	@Test
	void shouldReportAPreconditionAsFalse() {
		String taskId = this.emulator.schedule(this.group).taskId();
		String token = (String) this.worker.takeTask(this.group).get("taskToken");
		this.worker.progress(token);

		assertThat(this.worker.status(Map.of("taskToken", token, "taskStatus", "FALSE")).getStatusCode())
			.isEqualTo(HttpStatus.NO_CONTENT);

		assertThat(this.emulator.ledger(taskId).orElseThrow().state()).isEqualTo(TaskState.FALSE);
	}

	@Test
	void shouldPassCancelToTheWorker() {
		String taskId = this.emulator.schedule(this.group).taskId();
		String token = (String) this.worker.takeTask(this.group).get("taskToken");
		assertThat(this.worker.progress(token).getBody()).containsEntry("canceled", false);

		this.emulator.cancel(taskId);

		await().atMost(AWAIT).until(() -> Boolean.TRUE.equals(this.worker.progress(token).getBody().get("canceled")));
		assertThat(this.worker.progress(token).getBody()).containsEntry("canceled", true);
		assertThat(this.emulator.ledger(taskId).orElseThrow().state()).isEqualTo(TaskState.CANCELED);
	}

	@Test
	void shouldPassTerminateToTheRunner() {
		String runner = "runner-" + UUID.randomUUID();
		Map<String, String> heartbeat = Map.of("taskrunnerId", runner, "workerGroup", this.group, "hostname", "h1");
		assertThat(this.worker.heartbeat(heartbeat).getBody()).containsEntry("terminate", false);

		this.emulator.terminate(runner);

		await().atMost(AWAIT)
			.until(() -> Boolean.TRUE.equals(this.worker.heartbeat(heartbeat).getBody().get("terminate")));
		assertThat(this.worker.heartbeat(heartbeat).getBody()).containsEntry("terminate", true);
	}

	@Test
	void shouldRefuseATokenReworkedForATaskOfAnotherGroup() {
		String otherGroup = this.group + "-b";
		String taskOfB = this.emulator.schedule(otherGroup).taskId();
		this.emulator.schedule(this.group);
		String tokenOfA = (String) this.worker.takeTask(this.group).get("taskToken");
		String[] parts = tokenOfA.split("\\.");
		String payloadForB = Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString((otherGroup + "\n" + taskOfB).getBytes(StandardCharsets.UTF_8));
		String forged = parts[0] + "." + parts[1] + "." + payloadForB + "." + parts[3];

		ResponseEntity<Map> status = this.worker.status(Map.of("taskToken", forged, "taskStatus", "FINISHED"));

		assertThat(status.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
		assertThat(status.getBody()).containsEntry("type", "urn:worker-gateway:problem:forbidden");
		assertThat(this.emulator.calls().received("SetTaskStatus")).isZero();
		assertThat(this.emulator.ledger(taskOfB).orElseThrow().state()).isEqualTo(TaskState.QUEUED);
	}

	@ParameterizedTest
	@ValueSource(strings = { "altered", "truncated", "foreign-key", "garbage" })
	void shouldRefuseTamperedTokensWithoutCallingUpstream(String tampering) {
		this.emulator.schedule(this.group);
		String token = (String) this.worker.takeTask(this.group).get("taskToken");
		String bad = switch (tampering) {
			case "altered" -> token.substring(0, token.length() - 2) + (token.endsWith("AA") ? "BB" : "AA");
			case "truncated" -> token.substring(0, token.lastIndexOf('.'));
			case "foreign-key" -> token.replaceFirst("^v2\\.current\\.", "v2.other.");
			default -> "not-a-token";
		};

		ResponseEntity<Map> progress = this.worker.progress(bad);
		ResponseEntity<Map> status = this.worker.status(Map.of("taskToken", bad, "taskStatus", "FINISHED"));

		assertThat(List.of(progress.getStatusCode(), status.getStatusCode()))
			.allSatisfy((code) -> assertThat(code.value()).isIn(400, 403));
		assertThat(progress.getBody().get("type").toString())
			.matches("urn:worker-gateway:problem:(invalid-request|forbidden)");
		assertThat(this.emulator.calls().received("ReportTaskProgress")).isZero();
		assertThat(this.emulator.calls().received("SetTaskStatus")).isZero();
	}

	@Test
	void shouldDeliverAStatusOnceAfterThreeInternalServiceErrors() {
		String taskId = this.emulator.schedule(this.group).taskId();
		String token = (String) this.worker.takeTask(this.group).get("taskToken");
		this.worker.progress(token);
		double retriesBefore = retries("SetTaskStatus");
		this.emulator.addFault(Fault.error("SetTaskStatus", "InternalServiceError").times(3));

		ResponseEntity<Map> status = this.worker.status(Map.of("taskToken", token, "taskStatus", "FINISHED"));

		assertThat(status.getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
		assertThat(this.emulator.ledger(taskId).orElseThrow().finalStatus()).isEqualTo("FINISHED");
		assertThat(this.emulator.calls().count("SetTaskStatus", "InternalServiceError")).isEqualTo(3);
		assertThat(this.emulator.calls().count("SetTaskStatus", "ok")).isEqualTo(1);
		assertThat(retries("SetTaskStatus") - retriesBefore).isEqualTo(3);
	}

	@Test
	void shouldRetryThrottledCallsWithBackoff() {
		String token = taskToken();
		this.emulator.addFault(Fault.error("ReportTaskProgress", "ThrottlingException").times(2));

		long start = System.nanoTime();
		ResponseEntity<Map> ack = this.worker.progress(token);

		assertThat(ack.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(this.emulator.calls().count("ReportTaskProgress", "ThrottlingException")).isEqualTo(2);
		assertThat(this.emulator.calls().count("ReportTaskProgress", "ok")).isEqualTo(1);
		// Backoff of 50 ms then 100 ms, less jitter: the retries did wait.
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(100));
	}

	@Test
	void shouldNotRetryTaskNotFound() {
		String token = taskToken();
		this.worker.status(Map.of("taskToken", token, "taskStatus", "FINISHED"));
		long before = this.emulator.calls().received("SetTaskStatus");

		ResponseEntity<Map> again = this.worker.status(Map.of("taskToken", token, "taskStatus", "FINISHED"));

		assertThat(again.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
		assertThat(again.getBody()).containsEntry("type", "urn:worker-gateway:problem:task-not-found")
			.containsEntry("upstreamError", "TaskNotFoundException");
		assertThat(this.emulator.calls().received("SetTaskStatus")).isEqualTo(before + 1);
	}

	@Test
	void shouldAnswerBadGatewayWhenRetriesAreExhausted() {
		String token = taskToken();
		this.emulator.addFault(Fault.error("SetTaskStatus", "InternalServiceError"));

		ResponseEntity<Map> status = this.worker.status(Map.of("taskToken", token, "taskStatus", "FINISHED"));

		assertThat(status.getStatusCode()).isEqualTo(HttpStatus.BAD_GATEWAY);
		assertThat(status.getBody()).containsEntry("upstreamError", "InternalServiceError");
		assertThat(this.emulator.calls().received("SetTaskStatus")).isEqualTo(5);
	}

	private String taskToken() {
		this.emulator.schedule(this.group);
		return (String) this.worker.takeTask(this.group).get("taskToken");
	}

	private double retries(String operation) {
		Counter counter = this.meters.find("worker.gateway.upstream.retries").tag("operation", operation).counter();
		return (counter != null) ? counter.count() : 0;
	}

}
