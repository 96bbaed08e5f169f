package com.platform.workergateway.emulator.throttle;

import java.util.function.LongSupplier;

/**
 * A token bucket: starts full at its burst size and refills at its rate. AWS describes
 * its limits this way: "The burst rate lets you save up web service calls during periods
 * of inactivity and expend them all in a short amount of time."
 */
public final class TokenBucket {

	private static final double NANOS_PER_SECOND = 1_000_000_000d;

	private final RateLimit limit;

	private final LongSupplier nanoTime;

	private double tokens;

	private long refilledAt;

	public TokenBucket(RateLimit limit, LongSupplier nanoTime) {
		this.limit = limit;
		this.nanoTime = nanoTime;
		this.tokens = limit.burst();
		this.refilledAt = nanoTime.getAsLong();
	}

	/**
	 * Tokens left now, a fraction when the next one is still refilling; for the log of a
	 * refused call.
	 */
	public synchronized double level() {
		return this.tokens;
	}

	/**
	 * Takes one token if there is one.
	 * @return false when the call is over the limit
	 */
	public synchronized boolean tryAcquire() {
		long now = this.nanoTime.getAsLong();
		double refill = (now - this.refilledAt) / NANOS_PER_SECOND * this.limit.perSecond();
		this.tokens = Math.min(this.limit.burst(), this.tokens + refill);
		this.refilledAt = now;
		if (this.tokens < 1) {
			return false;
		}
		this.tokens -= 1;
		return true;
	}

}
