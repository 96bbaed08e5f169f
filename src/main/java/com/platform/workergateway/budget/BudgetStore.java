package com.platform.workergateway.budget;

import java.time.Duration;

import reactor.core.publisher.Mono;

/**
 * Where the account's token buckets are kept: in this replica or shared by all.
 */
interface BudgetStore {

	/**
	 * Takes a token of an operation's bucket.
	 * @param operation the operation
	 * @param priority the caller's priority
	 * @param maxWait longest wait a high-priority caller accepts
	 * @return how long to wait before calling (zero: at once), or a negative duration
	 * when refused, whose absolute value says when to try again; an error when the store
	 * cannot answer
	 */
	Mono<Duration> take(UpstreamOperation operation, Priority priority, Duration maxWait);

}
