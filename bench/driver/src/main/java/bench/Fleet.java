package bench;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.netty.channel.Channel;
import java.util.function.Supplier;

import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

/**
 * Simulated workers of the fault runs: long-poll in a loop, optionally abandon a share of
 * polls mid-wait, acknowledge and finish tasks, send heartbeats, and come and go.
 */
final class Fleet {

	private static final Duration BACKOFF = Duration.ofMillis(200);

	private final Http http;

	private final Supplier<String> baseUrl;

	private final List<String> groups;

	private final int waitSeconds;

	private final double abandonRate;

	private final long abandonWithinMillis;

	private final boolean finish;

	private final boolean chatty;

	private final AtomicBoolean running = new AtomicBoolean(true);

	private final Queue<Disposable> workers = new ConcurrentLinkedQueue<>();

	final AtomicInteger polls = new AtomicInteger();

	final AtomicInteger abandoned = new AtomicInteger();

	final AtomicInteger finished = new AtomicInteger();

	final AtomicInteger progressReports = new AtomicInteger();

	final AtomicInteger heartbeats = new AtomicInteger();

	final AtomicInteger reportFailures = new AtomicInteger();

	final AtomicInteger live = new AtomicInteger();

	final AtomicInteger started = new AtomicInteger();

	final Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();

	final Queue<Answer> answers = new ConcurrentLinkedQueue<>();

	final Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();

	final Map<String, Long> received = new ConcurrentHashMap<>();

	final Queue<Abandon> abandons = new ConcurrentLinkedQueue<>();

	/**
	 * Tasks whose whole answer the worker's HTTP client had received when the worker
	 * abandoned the poll anyway (its abandon timer fired as the answer came in): lost by
	 * the worker after delivery, which only Data Pipeline's re-assignment can recover.
	 */
	final Set<String> droppedAfterArrival = ConcurrentHashMap.newKeySet();

	/**
	 * Polls abandoned although their client read (part of) the answer off the socket: the
	 * abandon timer and the answer raced, and the worker's HTTP client took the answer,
	 * so no server can tell it was dropped.
	 */
	final AtomicInteger abandonedWhileReading = new AtomicInteger();

	final Queue<Abandon> abandonsWhileReading = new ConcurrentLinkedQueue<>();

	Fleet(Http http, Supplier<String> baseUrl, List<String> groups, int waitSeconds, double abandonRate,
			long abandonWithinMillis, boolean finish, boolean chatty) {
		this.http = http;
		this.baseUrl = baseUrl;
		this.groups = groups;
		this.waitSeconds = waitSeconds;
		this.abandonRate = abandonRate;
		this.abandonWithinMillis = abandonWithinMillis;
		this.finish = finish;
		this.chatty = chatty;
	}

	record Answer(int status, String retryAfter, long startNanos, long endNanos) {

		double millis() {
			return (this.endNanos - this.startNanos) / 1e6;
		}

	}

	record Abandon(String group, Instant at) {

	}

	/** Starts permanent workers, round-robin over the groups. */
	Fleet start(int count) {
		for (int i = 0; i < count; i++) {
			this.workers.add(worker(this.groups.get(i % this.groups.size())));
		}
		return this;
	}

	/**
	 * Keeps about {@code target} workers alive, each living a random time between the
	 * bounds, then leaving (its poll in flight is abandoned) and replaced by a new one.
	 */
	Fleet startTransient(int target, Duration minLife, Duration maxLife) {
		Schedulers.parallel().schedulePeriodically(() -> {
			while (this.running.get() && this.live.get() < target) {
				this.live.incrementAndGet();
				int n = this.started.incrementAndGet();
				Disposable worker = worker(this.groups.get(n % this.groups.size()));
				long life = ThreadLocalRandom.current().nextLong(minLife.toMillis(), maxLife.toMillis() + 1);
				Schedulers.parallel().schedule(() -> {
					worker.dispose();
					this.live.decrementAndGet();
				}, life, TimeUnit.MILLISECONDS);
			}
		}, 0, 250, TimeUnit.MILLISECONDS);
		return this;
	}

	private Disposable worker(String group) {
		String runner = "bench-" + UUID.randomUUID();
		long[] nextHeartbeat = { 0 };
		return Mono.defer(() -> heartbeatIfDue(runner, group, nextHeartbeat).then(cycle(group)))
			.repeat(this.running::get)
			.subscribe();
	}

	private Mono<Void> heartbeatIfDue(String runner, String group, long[] next) {
		if (!this.chatty || System.nanoTime() < next[0]) {
			return Mono.empty();
		}
		next[0] = System.nanoTime() + Duration.ofSeconds(5).toNanos();
		return this.http
			.postStatus(this.baseUrl.get() + "/v1/runners/heartbeat",
					"{\"taskrunnerId\":\"" + runner + "\",\"workerGroup\":\"" + group + "\",\"hostname\":\"bench\"}")
			.doOnNext((status) -> this.heartbeats.incrementAndGet())
			.onErrorResume((ex) -> Mono.empty())
			.then();
	}

	private Mono<Void> cycle(String group) {
		this.polls.incrementAndGet();
		boolean abandon = ThreadLocalRandom.current().nextDouble() < this.abandonRate;
		AtomicBoolean responding = new AtomicBoolean();
		long start = System.nanoTime();
		AtomicReference<Channel> connection = new AtomicReference<>();
		Mono<Http.Answer> poll = this.http.poll(this.baseUrl.get(), group, this.waitSeconds,
				abandon ? responding : null, abandon ? connection : null);
		if (abandon) {
			long after = ThreadLocalRandom.current().nextLong(Math.max(1, this.abandonWithinMillis));
			AtomicReference<Http.Answer> arrived = new AtomicReference<>();
			poll = poll.doOnNext(arrived::set)
				.takeUntilOther(Mono.delay(Duration.ofMillis(after))
					.flatMap((tick) -> responding.get() ? Mono.never() : Mono.just(tick))
					.doOnNext((tick) -> {
						this.abandoned.incrementAndGet();
						this.abandons.add(new Abandon(group, Instant.now()));
						watchReadsAfterAbandon(group, connection.get());
					}))
				.doOnSuccess((answer) -> {
					Http.Answer dropped = arrived.get();
					if (answer == null && dropped != null && dropped.hasTask()) {
						this.droppedAfterArrival.add(dropped.taskId());
					}
					if (answer == null && responding.get()) {
						// The timer fired just before the answer's head was read: the
						// client read (part of) it from the socket and then dropped it.
						this.abandonedWhileReading.incrementAndGet();
						this.abandonsWhileReading.add(new Abandon(group, Instant.now()));
					}
				});
		}
		return poll.flatMap((answer) -> onAnswer(answer, start)).onErrorResume((ex) -> {
			count(0);
			return Mono.delay(BACKOFF).then();
		}).then();
	}

	/**
	 * The client goes on reading until the abandoned poll's connection is closed: bytes
	 * read in between are (part of) an answer the worker's client took off the socket and
	 * the worker dropped, which no server can tell from an answer read.
	 */
	private void watchReadsAfterAbandon(String group, Channel channel) {
		if (channel == null) {
			return;
		}
		long readAtAbandon = Http.bytesRead(channel);
		channel.closeFuture().addListener((closed) -> {
			if (Http.bytesRead(channel) > readAtAbandon) {
				this.abandonedWhileReading.incrementAndGet();
				this.abandonsWhileReading.add(new Abandon(group, Instant.now()));
			}
		});
	}

	private Mono<Void> onAnswer(Http.Answer answer, long start) {
		count(answer.status());
		this.answers.add(new Answer(answer.status(), answer.retryAfter(), start, System.nanoTime()));
		if (answer.hasTask()) {
			this.deliveries.computeIfAbsent(answer.taskId(), (id) -> new AtomicInteger()).incrementAndGet();
			this.received.put(answer.taskId(), System.nanoTime());
			if (!this.finish) {
				return Mono.empty();
			}
			String token = answer.taskToken();
			Mono<Void> work = report("/v1/tasks/progress", "{\"taskToken\":\"" + token + "\",\"fields\":[]}", 200);
			if (this.chatty) {
				int extra = ThreadLocalRandom.current().nextInt(3);
				for (int i = 0; i < extra; i++) {
					work = work.then(report("/v1/tasks/progress", "{\"taskToken\":\"" + token
							+ "\",\"fields\":[{\"key\":\"percentComplete\",\"stringValue\":\"" + (i + 1) * 30 + "\"}]}",
							200));
				}
			}
			String status = (this.chatty && ThreadLocalRandom.current().nextInt(10) == 0) ? "FAILED" : "FINISHED";
			return work
				.then(report("/v1/tasks/status", "{\"taskToken\":\"" + token + "\",\"taskStatus\":\"" + status + "\"}",
						204))
				.doOnSuccess((done) -> this.finished.incrementAndGet());
		}
		return (answer.status() == 204) ? Mono.empty() : Mono.delay(BACKOFF).then();
	}

	private Mono<Void> report(String path, String body, int expected) {
		return Mono.defer(() -> this.http.postStatus(this.baseUrl.get() + path, body))
			.flatMap((status) -> (status == expected) ? Mono.just(status)
					: Mono.error(new IllegalStateException(path + " answered " + status)))
			.doOnNext((status) -> {
				if (path.endsWith("progress")) {
					this.progressReports.incrementAndGet();
				}
			})
			.doOnError((ex) -> this.reportFailures.incrementAndGet())
			.retryWhen(Retry.fixedDelay(20, BACKOFF))
			.onErrorResume((ex) -> Mono.empty())
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
		this.running.set(false);
		Disposable worker;
		while ((worker = this.workers.poll()) != null) {
			worker.dispose();
		}
	}

}
