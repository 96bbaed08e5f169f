package com.platform.workergateway.emulator.task;

/**
 * Where a task is in its life: waiting for a poll, handed out, acknowledged by a
 * ReportTaskProgress, or ended by SetTaskStatus or a cancel.
 */
public enum TaskState {

	QUEUED, ASSIGNED, ACKNOWLEDGED, FINISHED, FAILED, FALSE, CANCELED;

	/**
	 * Whether the task is handed out, which is the only time the service accepts reports
	 * on it.
	 */
	public boolean reportable() {
		return this == ASSIGNED || this == ACKNOWLEDGED;
	}

	public boolean ended() {
		return this == FINISHED || this == FAILED || this == FALSE || this == CANCELED;
	}

}
