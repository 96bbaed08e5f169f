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
 * Starts the idle-group sweep, and drains the dispatcher on shutdown (DESIGN.md §3.6).
 * <p>
 * It stops in the first shutdown phase, before the web server's graceful shutdown: new
 * polls are refused with 503 (readiness is already down by then), no upstream poll is
 * started, and the stop completes once the upstream polls in flight have answered (≤ the
 * 95 s response timeout) and their tasks went to the workers still waiting. The shutdown
 * phase timeout ({@code spring.lifecycle.timeout-per-shutdown-phase}) must exceed the
 * upstream response timeout.
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
		logger.info("Draining: refusing new polls, waiting for upstream polls in flight");
		this.dispatcher.drain();
		Flux.interval(Duration.ZERO, DRAIN_CHECK_INTERVAL, this.timer)
			.filter((tick) -> !this.dispatcher.hasUpstreamPollsInFlight())
			.next()
			.subscribe((tick) -> {
				logger.info("Drained: no upstream poll in flight");
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
