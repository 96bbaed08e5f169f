package com.platform.workergateway.emulator.throttle;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's per-account, per-operation call limits, one token bucket per operation.
 * Operations without a configured limit are not limited.
 */
public final class AccountRateLimits {

	private static final Logger logger = LoggerFactory.getLogger(AccountRateLimits.class);

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
		TokenBucket bucket = this.buckets.computeIfAbsent(operation, (name) -> new TokenBucket(limit, this.nanoTime));
		if (bucket.tryAcquire()) {
			if (logger.isDebugEnabled()) {
				logger.debug("{} admitted: {} token(s) left", operation,
						String.format(Locale.ROOT, "%.3f", bucket.level()));
			}
			return true;
		}
		// Logged because a throttled call means a client overran the account: the level
		// says by how much (0.9 is a call 0.05 s early at 2/s, 0.0 a burst).
		logger.info("{} throttled: {} token(s) left of burst {} at {}/s", operation,
				String.format(Locale.ROOT, "%.3f", bucket.level()), limit.burst(), limit.perSecond());
		return false;
	}

	/**
	 * Refills every bucket.
	 */
	public void reset() {
		this.buckets.clear();
	}

}
