package com.platform.workergateway.dispatch;

/**
 * A poll refused because the gateway is shutting down; another replica should take it.
 */
public class DispatcherDrainingException extends RuntimeException {

	public DispatcherDrainingException() {
		super("The gateway is shutting down", null, false, false);
	}

}
