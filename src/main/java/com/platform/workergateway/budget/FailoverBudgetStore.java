package com.platform.workergateway.budget;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * The shared store with a way out: while Redis answers within its timeout every take goes
 * to it; when it fails (down, slow, partitioned) this replica spends its local share
 * instead, and a probe every {@code probe-interval} brings it back to Redis once Redis
 * answers again.
 * <p>
 * A request waits on a failing Redis at most the command timeout, once; the requests
 * after it go to the local share at once. An idle replica finds out within one probe
 * interval plus the timeouts. Entering the fallback empties the local buckets, so the
 * replicas together spend at most the account's rate whatever the shared bucket held.
 * <p>
 * Calls granted with a wait by one store still go out after a switch: each store is
 * charged for those the other granted ({@link Reservations}): the local buckets start
 * that many calls below empty, and Redis is charged for the local ones on the way back.
 */
final class FailoverBudgetStore implements BudgetStore {

	private static final Log logger = LogFactory.getLog(FailoverBudgetStore.class);

	private final RedisBudgetStore shared;

	private final LocalBudgetStore local;

	private final Duration probeInterval;

	private final Scheduler timer;

	private final LongSupplier nanoTime;

	private final Counter fallbacks;

	private final Reservations sharedGrants;

	private final Reservations localGrants;

	/** Null while on the shared store. */
	private final AtomicReference<@Nullable Fallback> fallback;

	private final Fallback starting;

	private volatile boolean startReported;

	FailoverBudgetStore(RedisBudgetStore shared, LocalBudgetStore local, Duration probeInterval, Scheduler timer,
			LongSupplier nanoTime, MeterRegistry meters) {
		this.shared = shared;
		this.local = local;
		this.probeInterval = probeInterval;
		this.timer = timer;
		this.nanoTime = nanoTime;
		this.sharedGrants = new Reservations(nanoTime);
		this.localGrants = new Reservations(nanoTime);
		// Until the first probe connects: a fresh replica spends its local share, as one
		// without Redis does.
		this.starting = new Fallback(nanoTime.getAsLong(), Instant.now(), "not connected yet");
		this.fallback = new AtomicReference<>(this.starting);
		Gauge.builder("worker.gateway.budget.fallback", this, (store) -> store.onFallback() ? 1 : 0)
			.description("1 while this replica spends its local share because the shared budget store failed")
			.register(meters);
		this.fallbacks = Counter.builder("worker.gateway.budget.fallbacks")
			.description("Times this replica left the shared budget store for its local share")
			.register(meters);
	}

	@Override
	public Mono<Duration> take(UpstreamOperation operation, Priority priority, Duration maxWait) {
		if (onFallback()) {
			return takeLocal(operation, priority, maxWait);
		}
		return this.shared.take(operation, priority, maxWait)
			.doOnNext((wait) -> this.sharedGrants.granted(operation, wait))
			.onErrorResume((failure) -> {
				fallBack(failure);
				return takeLocal(operation, priority, maxWait);
			});
	}

	private Mono<Duration> takeLocal(UpstreamOperation operation, Priority priority, Duration maxWait) {
		return this.local.take(operation, priority, maxWait)
			.doOnNext((wait) -> this.localGrants.granted(operation, wait));
	}

	/**
	 * Probes the shared store every probe interval, from now on.
	 */
	Disposable start() {
		return Flux.interval(Duration.ZERO, this.probeInterval, this.timer)
			.onBackpressureDrop()
			.concatMap((tick) -> this.shared.probe().then(Mono.defer(this::recovered)).onErrorResume((failure) -> {
				fallBack(failure);
				return Mono.empty();
			}), 0)
			.subscribe();
	}

	boolean onFallback() {
		return this.fallback.get() != null;
	}

	/**
	 * @return why and since when this replica spends its local share, or null
	 */
	@Nullable Fallback fallback() {
		return this.fallback.get();
	}

	String describe() {
		return this.shared.describe();
	}

	private void fallBack(Throwable failure) {
		if (this.fallback.get() == this.starting && !this.startReported) {
			this.startReported = true;
			logger.warn("Shared budget store " + describe() + " unavailable at start-up (" + reason(failure)
					+ "): spending this replica's local share of the account, 1/" + this.local.replicas()
					+ ", until it answers");
			return;
		}
		Fallback entered = new Fallback(this.nanoTime.getAsLong(), Instant.now(), reason(failure));
		if (this.fallback.compareAndSet(null, entered)) {
			this.local.drain(this.sharedGrants);
			this.fallbacks.increment();
			logger.warn("Shared budget store " + describe() + " failed (" + entered.reason()
					+ "): spending this replica's local share of the account, 1/" + this.local.replicas()
					+ ", until it answers again");
		}
	}

	/**
	 * Back to the shared store: first Redis is charged for the calls granted locally that
	 * have not gone out yet, then takes go to it. (The other order would let a take in
	 * between spend tokens those calls need.) A failure here is one of the store: the
	 * probe's error path keeps this replica on its local share.
	 */
	private Mono<Void> recovered() {
		Fallback left = this.fallback.get();
		if (left == null) {
			return Mono.empty();
		}
		return Flux.fromArray(UpstreamOperation.values()).concatMap((operation) -> {
			int owed = this.localGrants.takePending(operation);
			return (owed > 0) ? this.shared.charge(operation, owed) : Mono.<Void>empty();
		}).then(Mono.fromRunnable(() -> switchedBack(left)));
	}

	private void switchedBack(Fallback left) {
		if (!this.fallback.compareAndSet(left, null)) {
			return;
		}
		if (left == this.starting) {
			logger.info("Shared budget store " + describe() + " connected: the account's budget is spent from it");
		}
		else {
			Duration away = Duration.ofNanos(this.nanoTime.getAsLong() - left.sinceNanos());
			logger.info("Shared budget store " + describe() + " answers: back on it after " + away.toMillis()
					+ " ms on the local share");
		}
	}

	private static String reason(Throwable failure) {
		String message = failure.getMessage();
		return failure.getClass().getSimpleName() + ((message != null) ? ": " + message : "");
	}

	/**
	 * Why and since when this replica spends its local share.
	 *
	 * @param sinceNanos when it started, on the nano clock
	 * @param since when it started
	 * @param reason the failure
	 */
	record Fallback(long sinceNanos, Instant since, String reason) {

	}

}
