package com.platform.workergateway.emulator.task;

/**
 * A report names a task that is unknown, not handed out, or already ended; the wire
 * answers it with {@code TaskNotFoundException}.
 */
public class NoSuchTaskException extends RuntimeException {

	public NoSuchTaskException(String message) {
		super(message, null, false, false);
	}

}
