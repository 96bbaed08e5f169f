package com.platform.workergateway.emulator.task;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What happened to one task, for tests and the admin API.
 *
 * @param taskId the task's opaque id
 * @param workerGroup the worker group it was scheduled for
 * @param pipelineId its pipeline id
 * @param attemptId its attempt object id
 * @param state where it is now
 * @param createdAt when it was scheduled
 * @param assignments every hand-off to a poll, oldest first
 * @param progressReports number of accepted ReportTaskProgress calls
 * @param lastProgressFields fields of the latest ReportTaskProgress
 * @param finalStatus the SetTaskStatus status, if one ended the task
 * @param endedAt when it ended
 * @param errorId reported error id
 * @param errorMessage reported error message
 * @param errorStackTrace reported error stack trace
 * @param cancelRequested whether a cancel was requested through the admin API
 * @param objects the pipeline objects handed out with it
 */
public record TaskLedgerEntry(String taskId, String workerGroup, String pipelineId, String attemptId, TaskState state,
		Instant createdAt, List<Assignment> assignments, int progressReports, List<Field> lastProgressFields,
		@Nullable String finalStatus, @Nullable Instant endedAt, @Nullable String errorId,
		@Nullable String errorMessage, @Nullable String errorStackTrace, boolean cancelRequested,
		Map<String, PipelineObject> objects) {

	/**
	 * The latest hand-off, if any.
	 */
	public @Nullable Assignment lastAssignment() {
		return this.assignments.isEmpty() ? null : this.assignments.get(this.assignments.size() - 1);
	}

}
