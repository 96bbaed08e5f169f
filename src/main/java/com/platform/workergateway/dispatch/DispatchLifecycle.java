package com.platform.workergateway.dispatch;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;

/**
 * Starts the idle-group sweep, and drains the dispatcher on shutdown
 * (docs/architecture.md, "Dispatch and delivery").
 * <p>
 * It stops in the first shutdown phase, before the web server's graceful shutdown: no
 * upstream poll is started, new polls are refused with 503 (readiness is already down by
 * then) unless their group has a task held or an upstream poll in flight that its waiters
 * left, and the stop completes once the upstream polls in flight have answered (≤ the 95
 * s response timeout) and their tasks went to workers: a task that found no waiter is
 * held for the next poll until {@code orphan-hold} ends, so a task is not dropped with
 * the process. The shutdown phase timeout
 * ({@code spring.lifecycle.timeout-per-shutdown-phase}) must exceed the upstream response
 * timeout; what is still held when it ends is left to Data Pipeline's acknowledgement
 * rule.
 */
class DispatchLifecycle implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(DispatchLifecycle.class);

	private static final Duration DRAIN_CHECK_INTERVAL = Duration.ofMillis(100);

	private final Dispatcher dispatcher;

	private final DispatchProperties properties;

	private final Scheduler timer;

	private volatile Disposable sweep = () -> {
	};

	private volatile boolean running;

	DispatchLifecycle(Dispatcher dispatcher, DispatchProperties properties, Scheduler timer) {
		this.dispatcher = dispatcher;
		this.properties = properties;
		this.timer = timer;
	}

	@Override
	public void start() {
		this.dispatcher.resume();
		Duration every = this.properties.idleGroupEviction();
		this.sweep = this.timer.schedulePeriodically(this.dispatcher::evictIdleGroups, every.toNanos(), every.toNanos(),
				TimeUnit.NANOSECONDS);
		this.running = true;
	}

	@Override
	public void stop() {
		stop(() -> {
		});
	}

	@Override
	public void stop(Runnable callback) {
		this.running = false;
		this.sweep.dispose();
		logger.info("Draining: no new upstream polls; waiting for those in flight and for held tasks");
		this.dispatcher.drain();
		Flux.interval(Duration.ZERO, DRAIN_CHECK_INTERVAL, this.timer)
			.filter((tick) -> !this.dispatcher.hasUpstreamPollsInFlight() && !this.dispatcher.hasHeldTasks())
			.next()
			.subscribe((tick) -> {
				logger.info("Drained: no upstream poll in flight, no task held");
				callback.run();
			});
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		// Stops before the web server's graceful shutdown (a lower phase), while workers
		// waiting for an in-flight upstream poll can still be answered.
		return SmartLifecycle.DEFAULT_PHASE;
	}

}
