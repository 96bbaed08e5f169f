package com.platform.workergateway.task;

/**
 * A task token that this gateway did not issue, or that was altered or cut short.
 */
public class InvalidTaskTokenException extends RuntimeException {

	private final boolean malformed;

	InvalidTaskTokenException(String message, boolean malformed) {
		super(message, null, false, false);
		this.malformed = malformed;
	}

	/**
	 * Whether the token is not even shaped like one (a 400), rather than carrying a
	 * signature that does not verify (a 403).
	 */
	public boolean malformed() {
		return this.malformed;
	}

}
