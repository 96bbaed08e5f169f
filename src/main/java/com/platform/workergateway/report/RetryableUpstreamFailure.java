package com.platform.workergateway.report;

import java.lang.reflect.Method;

import org.springframework.resilience.retry.MethodRetryPredicate;

import com.platform.workergateway.upstream.UpstreamServiceError;
import com.platform.workergateway.upstream.UpstreamThrottled;
import com.platform.workergateway.upstream.UpstreamUnavailable;

/**
 * What is safe to repeat: the upstream failed on its side ({@code InternalServiceError},
 * another 5xx), throttled us, or could not be reached. Not a timeout (the first call may
 * have taken effect), not a client mistake, not an open circuit breaker, not our own
 * budget.
 */
public class RetryableUpstreamFailure implements MethodRetryPredicate {

	@Override
	public boolean shouldRetry(Method method, Throwable failure) {
		if (failure instanceof UpstreamUnavailable unavailable) {
			// Unreachable or a busy pool: the call never took effect. An open breaker
			// ends the retries at once.
			return unavailable.reason() != UpstreamUnavailable.Reason.BREAKER_OPEN;
		}
		return failure instanceof UpstreamServiceError || failure instanceof UpstreamThrottled;
	}

}
