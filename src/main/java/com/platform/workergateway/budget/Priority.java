package com.platform.workergateway.budget;

/**
 * How much a call matters to the account's budget.
 */
public enum Priority {

	/**
	 * Drain traffic: status reports, first acknowledgements, polls. May use the whole
	 * bucket and waits briefly when it is empty.
	 */
	HIGH,

	/**
	 * Chatter: repeated progress reports, heartbeats. Never takes the reserve kept for
	 * drain traffic, and never waits.
	 */
	LOW

}
