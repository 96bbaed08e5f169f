package com.platform.workergateway.budget;

/**
 * The four task-runner operations, with the account limits AWS documents for each (calls
 * per second, burst).
 */
public enum UpstreamOperation {

	POLL_FOR_TASK("PollForTask", 2, 100),

	REPORT_TASK_PROGRESS("ReportTaskProgress", 10, 100),

	SET_TASK_STATUS("SetTaskStatus", 10, 100),

	REPORT_TASK_RUNNER_HEARTBEAT("ReportTaskRunnerHeartbeat", 1, 100);

	private final String awsName;

	private final double accountRate;

	private final int accountBurst;

	UpstreamOperation(String awsName, double accountRate, int accountBurst) {
		this.awsName = awsName;
		this.accountRate = accountRate;
		this.accountBurst = accountBurst;
	}

	public String awsName() {
		return this.awsName;
	}

	double accountRate() {
		return this.accountRate;
	}

	int accountBurst() {
		return this.accountBurst;
	}

}
