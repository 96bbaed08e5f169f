package com.platform.workergateway.dispatch;

import java.util.Locale;

/**
 * Why a task handed to a worker went on to the group's next worker.
 */
public enum Redelivery {

	/** The worker's poll was cancelled as the task reached it. */
	CANCELLED_AT_HAND_OFF,

	/**
	 * The worker's connection closed, or its write failed, before the answer was written.
	 */
	ANSWER_NOT_WRITTEN,

	/**
	 * The worker's connection was reset after the answer was written, before the worker
	 * read it.
	 */
	ANSWER_NOT_READ;

	String tagValue() {
		return name().toLowerCase(Locale.ROOT);
	}

}
