package com.platform.workergateway.emulator.task;

/**
 * An admin action needs a task that has not ended yet.
 */
public class TaskEndedException extends RuntimeException {

	public TaskEndedException(String message) {
		super(message, null, false, false);
	}

}
