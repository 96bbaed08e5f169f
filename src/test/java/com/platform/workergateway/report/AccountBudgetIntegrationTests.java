package com.platform.workergateway.report;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.TestPropertySource;

import com.platform.workergateway.emulator.EmulatorDataPipeline;
import com.platform.workergateway.emulator.task.TaskState;
import com.platform.workergateway.support.GatewayIntegrationTest;
import com.platform.workergateway.support.WorkerClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The account's budget under a chatty worker, with the emulator enforcing the documented
 * account rate limits: drain traffic always goes through and the account is never
 * throttled.
 */
@GatewayIntegrationTest
@TestPropertySource(properties = { "worker-gateway.emulator.rate-limits.enabled=true",
		"worker-gateway.budget.enabled=true", "worker-gateway.report.progress-coalesce-window=10s" })
class AccountBudgetIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	EmulatorDataPipeline emulator;

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
	void shouldPassEveryStatusAndFirstAcknowledgementUnderAProgressBurstWithoutBeingThrottled() {
		List<String> taskIds = new ArrayList<>();
		List<String> tokens = new ArrayList<>();
		for (int i = 0; i < 11; i++) {
			taskIds.add(this.emulator.schedule(this.group).taskId());
			tokens.add((String) this.worker.takeTask(this.group).get("taskToken"));
		}
		String chatty = tokens.get(0);
		List<String> finishing = tokens.subList(1, 11);

		Flux<Integer> burst = Flux.range(0, 1000)
			.flatMap((i) -> this.worker.progressAsync(chatty, List.of(Map.of("key", "n", "stringValue", "" + i)))
				.map((response) -> response.getStatusCode().value()), 100);
		Flux<Integer> drain = Flux.fromIterable(finishing)
			.flatMap((token) -> this.worker.progressAsync(token, List.of())
				.map((ack) -> ack.getStatusCode().value())
				.flatMap((ack) -> this.worker.statusAsync(Map.of("taskToken", token, "taskStatus", "FINISHED"))
					.map((status) -> ack * 1000 + status.getStatusCode().value())));
		List<Integer> burstAnswers = new ArrayList<>();
		List<Integer> drainAnswers = new ArrayList<>();
		Mono.when(burst.doOnNext(burstAnswers::add), drain.doOnNext(drainAnswers::add)).block(Duration.ofSeconds(60));

		assertThat(drainAnswers).hasSize(10).containsOnly(200_204);
		assertThat(burstAnswers).hasSize(1000).allSatisfy((code) -> assertThat(code).isIn(200, 429));
		assertThat(burstAnswers).contains(200);
		for (String taskId : taskIds.subList(1, 11)) {
			assertThat(this.emulator.ledger(taskId).orElseThrow().state()).isEqualTo(TaskState.FINISHED);
		}
		assertThat(this.emulator.ledger(taskIds.get(0)).orElseThrow().state()).isEqualTo(TaskState.ACKNOWLEDGED);
		assertThat(this.emulator.calls().count("ReportTaskProgress", "throttled")).isZero();
		assertThat(this.emulator.calls().count("SetTaskStatus", "throttled")).isZero();
		assertThat(this.emulator.calls().count("PollForTask", "throttled")).isZero();
		long upstreamProgress = this.emulator.calls().received("ReportTaskProgress");
		System.out.printf(
				"budget burst: 1000 progress reports -> %d x 200, %d x 429; upstream ReportTaskProgress"
						+ " calls %d; upstream throttled 0%n",
				burstAnswers.stream().filter((code) -> code == 200).count(),
				burstAnswers.stream().filter((code) -> code == 429).count(), upstreamProgress);
		assertThat(upstreamProgress).isLessThan(100);
	}

	@Test
	void shouldCoalesceHeartbeatsPerRunner() {
		String runner = "runner-" + UUID.randomUUID();

		List<ResponseEntity<Map>> answers = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			answers.add(this.worker.heartbeat(Map.of("taskrunnerId", runner)));
		}

		assertThat(answers).allSatisfy((answer) -> assertThat(answer.getBody()).containsEntry("terminate", false));
		assertThat(this.emulator.calls().received("ReportTaskRunnerHeartbeat")).isLessThan(5);
		assertThat(this.emulator.calls().count("ReportTaskRunnerHeartbeat", "throttled")).isZero();
	}

}
