package com.platform.workergateway.poll;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import com.platform.workergateway.emulator.EmulatorDataPipeline;
import com.platform.workergateway.emulator.task.TaskLedgerEntry;
import com.platform.workergateway.emulator.task.TaskState;
import com.platform.workergateway.support.GatewayIntegrationTest;
import com.platform.workergateway.support.WorkerClient;
import com.platform.workergateway.upstream.DataPipelineClient;
import com.platform.workergateway.upstream.TaskProgress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A worker that goes away after its task was handed to it but before the answer was
 * written: the task goes to the next worker of the group, in the same attempt, instead of
 * waiting for Data Pipeline to re-assign it. The window is widened by a test filter that
 * holds the answer's write for polls that ask for it.
 */
@GatewayIntegrationTest
@Import(PollDeliveryIntegrationTests.SlowAnswers.class)
class PollDeliveryIntegrationTests {

	private static final Duration AWAIT = Duration.ofSeconds(15);

	private static final String HOLD_ANSWER = "X-Test-Hold-Answer";

	@LocalServerPort
	int port;

	@Autowired
	EmulatorDataPipeline emulator;

	@Autowired
	MeterRegistry meters;

	@Autowired
	DataPipelineClient upstream;

	private WebClient worker;

	private final String group = "wg-" + UUID.randomUUID();

	@BeforeEach
	void setUp() {
		this.emulator.reset();
		this.worker = WebClient.builder()
			.baseUrl("http://localhost:" + this.port)
			.defaultHeader(HttpHeaders.AUTHORIZATION, WorkerClient.DEV_AUTHORIZATION)
			.build();
	}

	@Test
	void shouldHandTaskOnWhenItsWorkerLeavesBeforeTheAnswerIsWritten() {
		double before = redeliveries("answer_not_written");
		Disposable leaving = poll(true).subscribe();
		awaitWaiters(1);
		String taskId = this.emulator.schedule(this.group).taskId();
		// Handed off: the waiter left the queue; its answer is held for 30 s.
		await().atMost(AWAIT).until(() -> gauge("worker.gateway.waiters") == 0);

		leaving.dispose();

		await().atMost(AWAIT).until(() -> redeliveries("answer_not_written") == before + 1);
		ResponseEntity<Map> next = poll(false).block(AWAIT);
		assertThat(next.getBody()).containsEntry("taskId", taskId);
		assertThat(this.upstream.reportTaskProgress(new TaskProgress(taskId, List.of())).block(AWAIT)).isFalse();
		TaskLedgerEntry ledger = this.emulator.ledger(taskId).orElseThrow();
		assertThat(ledger.state()).isEqualTo(TaskState.ACKNOWLEDGED);
		assertThat(ledger.assignments()).singleElement()
			.satisfies((assignment) -> assertThat(assignment.acknowledgedAt()).isNotNull());
	}

	@Test
	void shouldNotHandOnATaskWhoseAnswerWasWritten() {
		double before = redeliveries("answer_not_written");
		String taskId = this.emulator.schedule(this.group).taskId();

		ResponseEntity<Map> answer = poll(false).block(AWAIT);

		assertThat(answer.getBody()).containsEntry("taskId", taskId);
		assertThat(redeliveries("answer_not_written")).isEqualTo(before);
		assertThat(gauge("worker.gateway.waiters")).isZero();
	}

	private Mono<ResponseEntity<Map>> poll(boolean holdAnswer) {
		return this.worker.post().uri("/v1/tasks/poll").header("Prefer", "wait=10").headers((headers) -> {
			if (holdAnswer) {
				headers.set(HOLD_ANSWER, "true");
			}
		})
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("workerGroup", this.group))
			.exchangeToMono((response) -> response.toEntity(Map.class));
	}

	private void awaitWaiters(int count) {
		await().atMost(AWAIT).until(() -> gauge("worker.gateway.waiters") == count);
	}

	private double gauge(String name) {
		var gauge = this.meters.find(name).tag("worker_group", this.group).gauge();
		return (gauge != null) ? gauge.value() : 0;
	}

	private double redeliveries(String reason) {
		return this.meters.get("worker.gateway.redeliveries").tag("reason", reason).counter().count();
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class SlowAnswers {

		/**
		 * Outside the delivery filter, so the held write is what the filter waits for.
		 */
		@Bean
		WebFilter holdAnswers() {
			return new HoldAnswersFilter();
		}

	}

	static class HoldAnswersFilter implements WebFilter, Ordered {

		@Override
		public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
			if (!exchange.getRequest().getHeaders().containsHeader(HOLD_ANSWER)) {
				return chain.filter(exchange);
			}
			return chain.filter(exchange.mutate().response(new ServerHttpResponseDecorator(exchange.getResponse()) {
				@Override
				public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
					return Mono.delay(Duration.ofSeconds(30)).then(super.writeWith(body));
				}
			}).build());
		}

		@Override
		public int getOrder() {
			return Ordered.LOWEST_PRECEDENCE - 1;
		}

	}

}
