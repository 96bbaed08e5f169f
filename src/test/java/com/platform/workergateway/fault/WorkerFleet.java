package com.platform.workergateway.fault;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.function.client.WebClient;

import com.platform.workergateway.support.WorkerClient;

/**
 * A fleet of simulated workers that long-poll the gateway in a loop, optionally abandon a
 * share of their polls mid-wait, and acknowledge and finish the tasks they get. It counts
 * what every worker saw, for the fault-injection tests.
 */
final class WorkerFleet implements AutoCloseable {

	private static final Duration BACKOFF = Duration.ofMillis(200);

	/**
	 * A poll chosen for abandonment goes away within this time: most polls find a task
	 * sooner than their wait ends.
	 */
	private static final long ABANDON_WITHIN_MILLIS = 500;

	private final Supplier<String> baseUrl;

	private final ConnectionProvider pool;

	private final WebClient http;

	private final double abandonRate;

	private final int waitSeconds;

	private final boolean finishTasks;

	private final List<Disposable> workers = new ArrayList<>();

	private volatile boolean running = true;

	/** Times each task was handed to a worker of this fleet. */
	final Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();

	/** When each task was last received by a worker. */
	final Map<String, Instant> received = new ConcurrentHashMap<>();

	/** Poll answers by HTTP status; 0 for a transport failure. */
	final Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();

	/** Every poll answer, in arrival order. */
	final Queue<Answer> answers = new ConcurrentLinkedQueue<>();

	/** Polls abandoned mid-wait, with their group and when. */
	final Queue<Abandon> abandons = new ConcurrentLinkedQueue<>();

	final AtomicInteger polls = new AtomicInteger();

	final AtomicInteger abandoned = new AtomicInteger();

	final AtomicInteger finished = new AtomicInteger();

	final AtomicInteger reportFailures = new AtomicInteger();

	WorkerFleet(Supplier<String> baseUrl, double abandonRate, int waitSeconds, boolean finishTasks) {
		this.baseUrl = baseUrl;
		this.abandonRate = abandonRate;
		this.waitSeconds = waitSeconds;
		this.finishTasks = finishTasks;
		this.pool = ConnectionProvider.builder("fault-fleet").maxConnections(1000).build();
		this.http = WebClient.builder()
			.clientConnector(new ReactorClientHttpConnector(HttpClient.create(this.pool)))
			.defaultHeader(HttpHeaders.AUTHORIZATION, WorkerClient.DEV_AUTHORIZATION)
			.build();
	}

	/**
	 * Starts {@code count} workers, spread round-robin over the groups.
	 */
	WorkerFleet start(int count, List<String> groups) {
		for (int i = 0; i < count; i++) {
			String group = groups.get(i % groups.size());
			this.workers.add(Mono.defer(() -> cycle(group)).repeat(() -> this.running).subscribe());
		}
		return this;
	}

	private Mono<Void> cycle(String group) {
		this.polls.incrementAndGet();
		boolean abandon = ThreadLocalRandom.current().nextDouble() < this.abandonRate;
		AtomicBoolean responding = new AtomicBoolean();
		long start = System.nanoTime();
		Mono<ResponseEntity<Map>> poll = this.http.post()
			.uri(this.baseUrl.get() + "/v1/tasks/poll")
			.header("Prefer", "wait=" + this.waitSeconds)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("workerGroup", group, "hostname", "fleet"))
			.exchangeToMono((response) -> {
				responding.set(true);
				return response.toEntity(Map.class);
			});
		if (abandon) {
			// Mid-wait: the worker goes away unless its answer has started to arrive.
			long after = ThreadLocalRandom.current()
				.nextLong(Math.min(this.waitSeconds * 1000L, ABANDON_WITHIN_MILLIS));
			poll = poll.takeUntilOther(Mono.delay(Duration.ofMillis(after))
				.flatMap((tick) -> responding.get() ? Mono.never() : Mono.just(tick))
				.doOnNext((tick) -> {
					this.abandoned.incrementAndGet();
					this.abandons.add(new Abandon(group, Instant.now()));
				}));
		}
		return poll.flatMap((answer) -> onAnswer(answer, start)).onErrorResume((ex) -> {
			count(0);
			return Mono.delay(BACKOFF).then();
		}).then();
	}

	private Mono<Void> onAnswer(ResponseEntity<Map> answer, long start) {
		int status = answer.getStatusCode().value();
		count(status);
		this.answers.add(new Answer(status, answer.getHeaders().getFirst("Retry-After"), start, System.nanoTime()));
		if (status == 200 && answer.getBody() != null) {
			String taskId = (String) answer.getBody().get("taskId");
			this.deliveries.computeIfAbsent(taskId, (id) -> new AtomicInteger()).incrementAndGet();
			this.received.put(taskId, Instant.now());
			if (this.finishTasks) {
				String token = (String) answer.getBody().get("taskToken");
				return report("/v1/tasks/progress", Map.of("taskToken", token, "fields", List.of()), 200)
					.then(report("/v1/tasks/status", Map.of("taskToken", token, "taskStatus", "FINISHED"), 204))
					.doOnSuccess((done) -> this.finished.incrementAndGet());
			}
			return Mono.empty();
		}
		return (status == 204) ? Mono.empty() : Mono.delay(BACKOFF).then();
	}

	private Mono<Void> report(String path, Map<String, ?> body, int expected) {
		return Mono
			.defer(() -> this.http.post()
				.uri(this.baseUrl.get() + path)
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(body)
				.exchangeToMono((response) -> response.releaseBody().thenReturn(response.statusCode().value())))
			.flatMap((status) -> (status == expected) ? Mono.just(status)
					: Mono.error(new IllegalStateException(path + " answered " + status)))
			.doOnError((ex) -> this.reportFailures.incrementAndGet())
			.retryWhen(reactor.util.retry.Retry.fixedDelay(20, BACKOFF))
			.then();
	}

	private void count(int status) {
		this.statuses.computeIfAbsent(status, (s) -> new AtomicInteger()).incrementAndGet();
	}

	int status(int status) {
		AtomicInteger count = this.statuses.get(status);
		return (count != null) ? count.get() : 0;
	}

	void stop() {
		this.running = false;
		this.workers.forEach(Disposable::dispose);
	}

	@Override
	public void close() {
		stop();
		this.pool.disposeLater().block(Duration.ofSeconds(5));
	}

	/**
	 * A poll its worker abandoned mid-wait.
	 *
	 * @param workerGroup the poll's group
	 * @param at when the worker closed the connection
	 */
	record Abandon(String workerGroup, Instant at) {

	}

	/**
	 * One poll's answer.
	 *
	 * @param status the HTTP status
	 * @param retryAfter the {@code Retry-After} header, if any
	 * @param startNanos when the poll was sent
	 * @param endNanos when its answer arrived
	 */
	record Answer(int status, @Nullable String retryAfter, long startNanos, long endNanos) {

		Duration latency() {
			return Duration.ofNanos(this.endNanos - this.startNanos);
		}

	}

}
