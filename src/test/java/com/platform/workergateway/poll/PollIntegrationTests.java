package com.platform.workergateway.poll;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;

import com.platform.workergateway.emulator.EmulatorDataPipeline;
import com.platform.workergateway.emulator.fault.Fault;
import com.platform.workergateway.emulator.task.TaskLedgerEntry;
import com.platform.workergateway.emulator.task.TaskState;
import com.platform.workergateway.support.GatewayIntegrationTest;
import com.platform.workergateway.support.WorkerClient;
import com.platform.workergateway.upstream.DataPipelineClient;
import com.platform.workergateway.upstream.TaskProgress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The poll path end to end: workers over real sockets, the gateway, the AWS SDK over
 * WebClient, and the embedded emulator as Data Pipeline.
 */
@GatewayIntegrationTest
class PollIntegrationTests {

	private static final Duration AWAIT = Duration.ofSeconds(15);

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@Autowired
	EmulatorDataPipeline emulator;

	@Autowired
	MeterRegistry meters;

	@Autowired
	CircuitBreakerRegistry circuitBreakers;

	@Autowired
	DataPipelineClient upstream;

	private WebTestClient gateway;

	private WebClient worker;

	private final String group = "wg-" + UUID.randomUUID();

	@BeforeEach
	void setUp() {
		this.emulator.reset();
		this.circuitBreakers.getAllCircuitBreakers().forEach(CircuitBreaker::reset);
		this.gateway = WebTestClient.bindToServer()
			.baseUrl("http://localhost:" + this.port)
			.defaultHeader(HttpHeaders.AUTHORIZATION, WorkerClient.DEV_AUTHORIZATION)
			.responseTimeout(Duration.ofSeconds(30))
			.build();
		this.worker = WebClient.builder()
			.baseUrl("http://localhost:" + this.port)
			.defaultHeader(HttpHeaders.AUTHORIZATION, WorkerClient.DEV_AUTHORIZATION)
			.build();
	}

	@Test
	void shouldDeliverTaskScheduledBeforeThePoll() {
		String taskId = this.emulator.schedule(this.group).taskId();

		this.gateway.post()
			.uri("/v1/tasks/poll")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("workerGroup", this.group, "hostname", "worker-1"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.taskId")
			.isEqualTo(taskId)
			.jsonPath("$.taskToken")
			.isNotEmpty()
			.jsonPath("$.pipelineId")
			.isNotEmpty()
			.jsonPath("$.objects")
			.isNotEmpty();
		assertThat(this.emulator.ledger(taskId).orElseThrow().assignments()).singleElement()
			.satisfies((assignment) -> assertThat(assignment.hostname()).isEqualTo("worker-1"));
	}

	@Test
	void shouldDeliverTaskScheduledWhileThePollWaits() {
		Mono<ResponseEntity<Map>> poll = poll(this.group, 10).cache();
		poll.subscribe();
		awaitWaiters(this.group, 1);

		String taskId = this.emulator.schedule(this.group).taskId();

		ResponseEntity<Map> answer = poll.block(AWAIT);
		assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(answer.getBody()).containsEntry("taskId", taskId);
		assertThat(answer.getHeaders().getFirst("Preference-Applied")).isEqualTo("wait=10");
	}

	@Test
	void shouldAnswerNoContentWhenWaitEndsEmpty() {
		this.gateway.post()
			.uri("/v1/tasks/poll")
			.header("Prefer", "wait=1")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("workerGroup", this.group))
			.exchange()
			.expectStatus()
			.isNoContent()
			.expectHeader()
			.valueEquals("Preference-Applied", "wait=1");
	}

	@Test
	void shouldServeWaitersOfAGroupInArrivalOrder() {
		List<Mono<ResponseEntity<Map>>> polls = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			Mono<ResponseEntity<Map>> poll = poll(this.group, 10).cache();
			poll.subscribe();
			polls.add(poll);
			awaitWaiters(this.group, i + 1);
		}

		List<String> taskIds = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			taskIds.add(this.emulator.schedule(this.group).taskId());
			Mono<ResponseEntity<Map>> next = polls.get(i);
			assertThat(next.block(AWAIT).getBody()).containsEntry("taskId", taskIds.get(i));
		}
	}

	@Test
	void shouldKeepGroupsApart() {
		String other = this.group + "-other";
		Mono<ResponseEntity<Map>> mine = poll(this.group, 3).cache();
		Mono<ResponseEntity<Map>> theirs = poll(other, 10).cache();
		mine.subscribe();
		theirs.subscribe();
		awaitWaiters(other, 1);

		String taskId = this.emulator.schedule(other).taskId();

		assertThat(theirs.block(AWAIT).getBody()).containsEntry("taskId", taskId);
		assertThat(mine.block(AWAIT).getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
	}

	@Test
	void shouldKeepAtMostOneUpstreamPollForManyWaiters() {
		List<Disposable> waiters = new ArrayList<>();
		for (int i = 0; i < 100; i++) {
			waiters.add(poll(this.group, 10).subscribe());
		}
		awaitWaiters(this.group, 100);

		assertThat(this.emulator.calls().received("PollForTask")).isEqualTo(1);
		assertThat(gauge("worker.gateway.upstream.polls.inflight", this.group)).isEqualTo(1);
		String taskId = this.emulator.schedule(this.group).taskId();
		await().atMost(AWAIT).until(() -> this.emulator.ledger(taskId).orElseThrow().state() == TaskState.ASSIGNED);
		await().atMost(AWAIT).until(() -> gauge("worker.gateway.waiters", this.group) == 99);
		assertThat(gauge("worker.gateway.upstream.polls.inflight", this.group)).isLessThanOrEqualTo(1);
		waiters.forEach(Disposable::dispose);
	}

	@Test
	void shouldHandTaskOfAnAbandonedPollToTheNextPollOfTheGroup() {
		Disposable abandoned = poll(this.group, 10).subscribe();
		awaitWaiters(this.group, 1);
		abandoned.dispose();
		await().atMost(AWAIT).until(() -> gauge("worker.gateway.waiters", this.group) == 0);

		String taskId = this.emulator.schedule(this.group).taskId();
		await().atMost(AWAIT).until(() -> this.emulator.ledger(taskId).orElseThrow().state() == TaskState.ASSIGNED);
		ResponseEntity<Map> next = poll(this.group, 5).block(AWAIT);

		assertThat(next.getBody()).containsEntry("taskId", taskId);
		assertThat(this.upstream.reportTaskProgress(new TaskProgress(taskId, List.of())).block(AWAIT)).isFalse();
		TaskLedgerEntry ledger = this.emulator.ledger(taskId).orElseThrow();
		assertThat(ledger.state()).isEqualTo(TaskState.ACKNOWLEDGED);
		assertThat(ledger.assignments()).singleElement()
			.satisfies((assignment) -> assertThat(assignment.acknowledgedAt()).isNotNull());
		assertThat(counter("worker.gateway.orphans", "handed_off")).isPositive();
	}

	@Test
	void shouldReleaseAndCountAnOrphanHeldPastItsBound() {
		double releasedBefore = counter("worker.gateway.orphans", "released");
		Disposable abandoned = poll(this.group, 10).subscribe();
		awaitWaiters(this.group, 1);
		abandoned.dispose();
		// Gone before the task comes: otherwise it may reach the leaving worker's
		// client, which reads it off the socket as it closes (ADR 4).
		awaitWaiters(this.group, 0);

		String taskId = this.emulator.schedule(this.group).taskId();

		await().atMost(AWAIT).until(() -> counter("worker.gateway.orphans", "released") == releasedBefore + 1);
		assertThat(this.emulator.ledger(taskId).orElseThrow().state()).isEqualTo(TaskState.ASSIGNED);
		assertThat(poll(this.group, 1).block(AWAIT).getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
	}

	@Test
	void shouldOpenBreakerOnInternalServiceErrorsAndCloseAfterwards() {
		this.emulator.addFault(Fault.error("PollForTask", "InternalServiceError"));

		for (int i = 0; i < 4; i++) {
			expectProblem(poll(this.group, 5).block(AWAIT), HttpStatus.BAD_GATEWAY, "upstream-error");
		}
		long callsWhenOpen = this.emulator.calls().received("PollForTask");
		ResponseEntity<Map> rejected = poll(this.group, 5).block(AWAIT);
		expectProblem(rejected, HttpStatus.SERVICE_UNAVAILABLE, "upstream-unavailable");
		assertThat(rejected.getHeaders().getFirst("Retry-After")).isEqualTo("2");
		assertThat(this.emulator.calls().received("PollForTask")).isEqualTo(callsWhenOpen);
		// An AWS outage must not take the replica out of its Service.
		assertThat(management("/actuator/health/readiness")).contains("\"status\":\"UP\"");
		assertThat(management("/actuator/health")).contains("\"pollForTask\"", "\"state\":\"OPEN\"");

		this.emulator.clearFaults();
		String taskId = this.emulator.schedule(this.group).taskId();
		await().atMost(AWAIT)
			.until(() -> this.circuitBreakers.circuitBreaker("pollForTask")
				.getState() == CircuitBreaker.State.HALF_OPEN);
		assertThat(poll(this.group, 5).block(AWAIT).getBody()).containsEntry("taskId", taskId);
		assertThat(this.circuitBreakers.circuitBreaker("pollForTask").getState())
			.isEqualTo(CircuitBreaker.State.CLOSED);
	}

	@Test
	void shouldAnswerGatewayTimeoutWhenUpstreamHangs() {
		this.emulator.addFault(Fault.hang("PollForTask"));

		long start = System.nanoTime();
		ResponseEntity<Map> answer = poll(this.group, 10).block(AWAIT);

		expectProblem(answer, HttpStatus.GATEWAY_TIMEOUT, "upstream-timeout");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofSeconds(3), Duration.ofSeconds(9));
		assertThat(this.emulator.calls().received("PollForTask")).isEqualTo(1);
	}

	@Test
	void shouldExposeDispatchMetricsForPrometheus() {
		poll(this.group, 1).block(AWAIT);

		String scrape = WebClient.create("http://localhost:" + this.managementPort)
			.get()
			.uri("/actuator/prometheus")
			.retrieve()
			.bodyToMono(String.class)
			.block(AWAIT);

		assertThat(scrape).contains("worker_gateway_poll_wait_seconds_bucket{", "worker_gateway_waiters{",
				"worker_gateway_upstream_polls_inflight{", "worker_gateway_orphans_total{",
				"resilience4j_circuitbreaker_state{", "http_client_requests_seconds_count{");
		assertThat(scrape).containsPattern(
				"worker_gateway_poll_wait_seconds_count\\{[^}]*outcome=\"empty\",[^}]*worker_group=\"" + this.group);
	}

	private String management(String path) {
		return WebClient.create("http://localhost:" + this.managementPort)
			.get()
			.uri(path)
			.exchangeToMono((response) -> response.bodyToMono(String.class))
			.block(AWAIT);
	}

	private Mono<ResponseEntity<Map>> poll(String workerGroup, int waitSeconds) {
		return this.worker.post()
			.uri("/v1/tasks/poll")
			.header("Prefer", "wait=" + waitSeconds)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("workerGroup", workerGroup))
			.exchangeToMono((response) -> response.toEntity(Map.class));
	}

	private static void expectProblem(ResponseEntity<Map> answer, HttpStatus status, String slug) {
		assertThat(answer.getStatusCode()).isEqualTo(status);
		assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(answer.getBody()).containsEntry("type", "urn:worker-gateway:problem:" + slug)
			.containsKey("requestId");
	}

	private void awaitWaiters(String workerGroup, int count) {
		await().atMost(AWAIT).until(() -> gauge("worker.gateway.waiters", workerGroup) == count);
	}

	private double gauge(String name, String workerGroup) {
		var gauge = this.meters.find(name).tag("worker_group", workerGroup).gauge();
		return (gauge != null) ? gauge.value() : 0;
	}

	private double counter(String name, String outcome) {
		return this.meters.get(name).tag("outcome", outcome).counter().count();
	}

}
