package com.platform.workergateway.upstream;

import org.jspecify.annotations.Nullable;

/**
 * A SetTaskStatus request.
 *
 * @param taskId the upstream task id
 * @param taskStatus {@code FINISHED}, {@code FAILED} or {@code FALSE}
 * @param errorId error code, when the task failed
 * @param errorMessage error message, when the task failed
 * @param errorStackTrace error stack trace, when the task failed
 */
public record TaskStatusReport(String taskId, String taskStatus, @Nullable String errorId,
		@Nullable String errorMessage, @Nullable String errorStackTrace) {

}
