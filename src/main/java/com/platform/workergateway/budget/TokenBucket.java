package com.platform.workergateway.budget;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * A token bucket that hands out reservations: a high-priority caller may take a token
 * that refills only later and is told how long to wait for it; a low-priority caller
 * takes a token only when one is there beyond the reserve kept for high priority.
 * Synchronised: the critical section is a few arithmetic operations. The shared store
 * runs the same arithmetic in Redis ({@code budget-take.lua}).
 */
final class TokenBucket {

	private double ratePerNano;

	private double capacity;

	private double reserve;

	private final LongSupplier nanoTime;

	private double tokens;

	private long refilledAt;

	TokenBucket(double ratePerSecond, double capacity, double reserve, LongSupplier nanoTime) {
		this.ratePerNano = ratePerSecond / 1e9;
		this.capacity = capacity;
		this.reserve = Math.min(reserve, capacity - 1);
		this.nanoTime = nanoTime;
		this.tokens = capacity;
		this.refilledAt = nanoTime.getAsLong();
	}

	/**
	 * Changes the bucket's size, e.g. when the number of replicas sharing the account
	 * changes. Tokens above the new capacity are dropped; none are added.
	 */
	synchronized void resize(double ratePerSecond, double capacity, double reserve) {
		refill();
		this.ratePerNano = ratePerSecond / 1e9;
		this.capacity = capacity;
		this.reserve = Math.min(reserve, capacity - 1);
		this.tokens = Math.min(this.tokens, capacity);
	}

	/**
	 * Empties the bucket, less calls already granted elsewhere: from now on it hands out
	 * only what refills after those. Used when this replica stops knowing what the others
	 * spent (the shared store failed).
	 * @param owed calls granted by the shared store that have not gone out yet
	 */
	synchronized void drain(int owed) {
		refill();
		this.tokens = Math.min(this.tokens, 0) - owed;
	}

	/**
	 * Takes a token.
	 * @param priority the caller's priority
	 * @param maxWait longest wait a high-priority caller accepts
	 * @return how long to wait before calling (zero: at once), or a negative duration
	 * when refused, whose absolute value says when to try again
	 */
	synchronized Duration take(Priority priority, Duration maxWait) {
		refill();
		if (priority == Priority.LOW) {
			if (this.tokens >= this.reserve + 1) {
				this.tokens -= 1;
				return Duration.ZERO;
			}
			return nanosUntil(this.reserve + 1).negated();
		}
		Duration wait = nanosUntil(1);
		if (wait.compareTo(maxWait) > 0) {
			return wait.negated();
		}
		this.tokens -= 1;
		return wait;
	}

	private Duration nanosUntil(double level) {
		double missing = level - this.tokens;
		return (missing <= 0) ? Duration.ZERO : Duration.ofNanos((long) Math.ceil(missing / this.ratePerNano));
	}

	private void refill() {
		long now = this.nanoTime.getAsLong();
		this.tokens = Math.min(this.capacity, this.tokens + (now - this.refilledAt) * this.ratePerNano);
		this.refilledAt = now;
	}

}
