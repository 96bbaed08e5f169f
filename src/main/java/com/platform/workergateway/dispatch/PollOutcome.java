package com.platform.workergateway.dispatch;

import java.util.Locale;

/**
 * How a worker's poll ended, as tagged on {@code worker.gateway.poll.wait}.
 */
enum PollOutcome {

	/** A task was handed to the worker. */
	TASK,
	/** The wait ended with no task. */
	EMPTY,
	/** The worker went away before its wait ended. */
	CANCELLED,
	/** Refused by a capacity limit or because the gateway is draining. */
	REJECTED,
	/** The upstream poll failed. */
	ERROR;

	String tagValue() {
		return name().toLowerCase(Locale.ROOT);
	}

}
