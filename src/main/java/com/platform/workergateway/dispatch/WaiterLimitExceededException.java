package com.platform.workergateway.dispatch;

/**
 * A poll refused because its group, or the gateway, already holds as many waiting workers
 * as configured.
 */
public class WaiterLimitExceededException extends RuntimeException {

	public WaiterLimitExceededException(String message) {
		super(message, null, false, false);
	}

}
