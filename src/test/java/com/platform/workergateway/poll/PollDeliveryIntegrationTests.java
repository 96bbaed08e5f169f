package com.platform.workergateway.poll;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
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
import org.springframework.http.HttpStatus;
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
 * A worker that goes away after its task was handed to it but before it read the answer:
 * the task goes to the next worker of the group, in the same attempt, instead of waiting
 * for Data Pipeline to re-assign it; a worker that read its answer keeps its task. The
 * window before the write is widened by a test filter that holds the answer's write for
 * polls that ask for it; the window after it by raw sockets that leave the answer unread.
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

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "reset", "FIN then reset" })
	void shouldHandTaskOnWhenItsWorkerClosesTheConnectionWithoutReadingTheAnswer(String close) throws IOException {
		double before = redeliveries("answer_not_read");
		String taskId = this.emulator.schedule(this.group).taskId();

		try (Socket socket = new Socket("localhost", this.port)) {
			sendPoll(socket);
			InputStream in = socket.getInputStream();
			await().atMost(AWAIT).until(() -> in.available() > 0);
			if (close.equals("reset")) {
				// What Netty, Go and Python clients send when they close with unread
				// data.
				socket.setSoLinger(true, 0);
			}
			// Otherwise the JDK shuts the output down first (a FIN), then the close
			// with the answer unread resets.
		}

		await().atMost(AWAIT).until(() -> redeliveries("answer_not_read") == before + 1);
		ResponseEntity<Map> next = poll(false).block(AWAIT);
		assertThat(next.getBody()).containsEntry("taskId", taskId);
		assertThat(this.emulator.ledger(taskId).orElseThrow().assignments()).hasSize(1);
	}

	@Test
	void shouldKeepTheTaskOfAWorkerThatReadItsAnswerAndClosed() throws IOException {
		double before = redeliveries("answer_not_read");
		String taskId = this.emulator.schedule(this.group).taskId();

		try (Socket socket = new Socket("localhost", this.port)) {
			sendPoll(socket);
			assertThat(readAnswer(socket)).contains(taskId);
		}

		assertThat(poll(false, 1).block(AWAIT).getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
		assertThat(redeliveries("answer_not_read")).isEqualTo(before);
	}

	@Test
	void shouldKeepTheTaskOfAWorkerThatSentMoreOnItsConnectionBeforeAReset() throws IOException {
		double before = redeliveries("answer_not_read");
		String taskId = this.emulator.schedule(this.group).taskId();

		try (Socket socket = new Socket("localhost", this.port)) {
			sendPoll(socket);
			assertThat(readAnswer(socket)).contains(taskId);
			sendPoll(socket);
			await().atMost(AWAIT).until(() -> gauge("worker.gateway.waiters") == 1);
			socket.setSoLinger(true, 0);
		}

		assertThat(poll(false, 1).block(AWAIT).getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
		assertThat(redeliveries("answer_not_read")).isEqualTo(before);
	}

	private void sendPoll(Socket socket) throws IOException {
		String body = "{\"workerGroup\":\"" + this.group + "\"}";
		String request = "POST /v1/tasks/poll HTTP/1.1\r\nHost: localhost\r\nAuthorization: "
				+ WorkerClient.DEV_AUTHORIZATION + "\r\nContent-Type: application/json\r\nPrefer: wait=10\r\n"
				+ "Content-Length: " + body.length() + "\r\n\r\n" + body;
		socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
		socket.getOutputStream().flush();
	}

	/** Reads one answer with a Content-Length body. */
	private static String readAnswer(Socket socket) throws IOException {
		socket.setSoTimeout((int) AWAIT.toMillis());
		InputStream in = socket.getInputStream();
		StringBuilder head = new StringBuilder();
		while (!head.toString().endsWith("\r\n\r\n")) {
			int next = in.read();
			if (next < 0) {
				throw new IOException("Connection closed in the answer's head: " + head);
			}
			head.append((char) next);
		}
		Matcher length = Pattern.compile("(?i)content-length: *(\\d+)").matcher(head);
		assertThat(length.find()).as(head.toString()).isTrue();
		byte[] body = in.readNBytes(Integer.parseInt(length.group(1)));
		return head + new String(body, StandardCharsets.UTF_8);
	}

	private Mono<ResponseEntity<Map>> poll(boolean holdAnswer) {
		return poll(holdAnswer, 10);
	}

	private Mono<ResponseEntity<Map>> poll(boolean holdAnswer, int waitSeconds) {
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
