package com.platform.workergateway.budget;

import java.time.Duration;

/**
 * A call the account's budget cannot afford now; the caller may try again after
 * {@link #retryAfter()}.
 */
public class BudgetExceededException extends RuntimeException {

	private final Duration retryAfter;

	BudgetExceededException(UpstreamOperation operation, Duration retryAfter) {
		super("Over the account's " + operation.awsName() + " rate limit budget", null, false, false);
		this.retryAfter = retryAfter;
	}

	public Duration retryAfter() {
		return this.retryAfter;
	}

}
