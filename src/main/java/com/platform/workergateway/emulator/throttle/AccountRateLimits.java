package com.platform.workergateway.emulator.throttle;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The service's per-account, per-operation call limits, one token bucket per operation.
 * Operations without a configured limit are not limited.
 */
public final class AccountRateLimits {

	private final Map<String, RateLimit> limits;

	private final LongSupplier nanoTime;

	private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();

	/**
	 * @param limits limit per operation name, e.g. {@code PollForTask}; empty disables
	 * limiting
	 * @param nanoTime the bucket clock, e.g. {@code System::nanoTime}
	 */
	public AccountRateLimits(Map<String, RateLimit> limits, LongSupplier nanoTime) {
		this.limits = Map.copyOf(limits);
		this.nanoTime = nanoTime;
	}

	/**
	 * Spends one call of an operation's budget.
	 * @return false when the call is to be throttled
	 */
	public boolean tryAcquire(String operation) {
		RateLimit limit = this.limits.get(operation);
		if (limit == null) {
			return true;
		}
		return this.buckets.computeIfAbsent(operation, (name) -> new TokenBucket(limit, this.nanoTime)).tryAcquire();
	}

	/**
	 * Refills every bucket.
	 */
	public void reset() {
		this.buckets.clear();
	}

}
