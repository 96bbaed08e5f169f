package com.platform.workergateway.web;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Lets one log line per key through per interval, and counts the rest, so that a fleet
 * re-polling through an upstream outage (thousands of 503s a minute) leaves a readable
 * log: the first line of each interval says how many like it were held back.
 */
final class LogRateLimiter {

	/** What to do with one event. */
	record Decision(boolean log, long suppressedBefore) {

	}

	private static final Decision SUPPRESS = new Decision(false, 0);

	private final long intervalNanos;

	private final LongSupplier nanoTime;

	private final Map<String, Window> windows = new ConcurrentHashMap<>();

	LogRateLimiter(Duration interval, LongSupplier nanoTime) {
		this.intervalNanos = interval.toNanos();
		this.nanoTime = nanoTime;
	}

	Decision admit(String key) {
		return this.windows.computeIfAbsent(key, (k) -> new Window()).admit(this.nanoTime.getAsLong());
	}

	private final class Window {

		private boolean started;

		private long startedAt;

		private long suppressed;

		synchronized Decision admit(long now) {
			if (this.started && now - this.startedAt < LogRateLimiter.this.intervalNanos) {
				this.suppressed++;
				return SUPPRESS;
			}
			Decision decision = new Decision(true, this.suppressed);
			this.started = true;
			this.startedAt = now;
			this.suppressed = 0;
			return decision;
		}

	}

}
