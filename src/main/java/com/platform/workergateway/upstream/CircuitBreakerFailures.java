package com.platform.workergateway.upstream;

import java.util.function.Predicate;

/**
 * What the per-operation circuit breakers count, named in
 * {@code resilience4j.circuitbreaker.configs.default}: they see the port's failures, as
 * the adapter translates SDK failures inside the breaker.
 */
public final class CircuitBreakerFailures {

	private CircuitBreakerFailures() {
	}

	/**
	 * {@code recordFailurePredicate}: the upstream is failing (5xx, timeouts,
	 * unreachable).
	 */
	public static final class Recorded implements Predicate<Throwable> {

		@Override
		public boolean test(Throwable failure) {
			return failure instanceof UpstreamServiceError || failure instanceof UpstreamTimeout
					|| (failure instanceof UpstreamUnavailable unavailable
							&& unavailable.reason() == UpstreamUnavailable.Reason.UNREACHABLE);
		}

	}

	/**
	 * {@code ignoreExceptionPredicate}: client mistakes say nothing of the upstream's
	 * health; throttling says the account is busy, and an exhausted pool that the gateway
	 * is, not that the upstream is broken: rate limits and back-off deal with those.
	 */
	public static final class Ignored implements Predicate<Throwable> {

		@Override
		public boolean test(Throwable failure) {
			return failure instanceof UpstreamClientError || failure instanceof UpstreamThrottled
					|| (failure instanceof UpstreamUnavailable unavailable
							&& unavailable.reason() == UpstreamUnavailable.Reason.POOL_EXHAUSTED);
		}

	}

}
