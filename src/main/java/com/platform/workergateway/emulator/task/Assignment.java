package com.platform.workergateway.emulator.task;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * One hand-off of a task to a poll.
 *
 * @param attempt 1 for the first hand-off, then counting re-assignments
 * @param assignedAt when the poll got the task
 * @param hostname the hostname the poll sent, if any
 * @param acknowledgedAt when the first ReportTaskProgress of this hand-off arrived
 * @param reassignedAt when the task was taken back from this hand-off
 * @param reason why it was taken back
 */
public record Assignment(int attempt, Instant assignedAt, @Nullable String hostname, @Nullable Instant acknowledgedAt,
		@Nullable Instant reassignedAt, @Nullable String reason) {

	Assignment acknowledged(Instant at) {
		return new Assignment(this.attempt, this.assignedAt, this.hostname, at, null, null);
	}

	Assignment reassigned(Instant at, String why) {
		return new Assignment(this.attempt, this.assignedAt, this.hostname, null, at, why);
	}

}
