package com.platform.workergateway.upstream;

/**
 * The four task-runner operations of the port, each with its own circuit breaker.
 */
public enum DataPipelineOperation {

	POLL_FOR_TASK("PollForTask", "pollForTask"),

	REPORT_TASK_PROGRESS("ReportTaskProgress", "reportTaskProgress"),

	SET_TASK_STATUS("SetTaskStatus", "setTaskStatus"),

	REPORT_TASK_RUNNER_HEARTBEAT("ReportTaskRunnerHeartbeat", "reportTaskRunnerHeartbeat");

	private final String awsName;

	private final String breakerName;

	DataPipelineOperation(String awsName, String breakerName) {
		this.awsName = awsName;
		this.breakerName = breakerName;
	}

	/**
	 * The operation's name in the AWS API, as metrics tag it.
	 */
	public String awsName() {
		return this.awsName;
	}

	/**
	 * The name of its circuit breaker ({@code resilience4j.circuitbreaker.instances.*}).
	 */
	public String breakerName() {
		return this.breakerName;
	}

}
