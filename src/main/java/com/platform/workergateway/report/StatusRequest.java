package com.platform.workergateway.report;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/**
 * The body of {@code POST /v1/tasks/status}. The error fields are not validated but
 * shaped to the model ({@link com.platform.workergateway.model.ModelTextShaper}): a
 * failing worker must always be able to report its failure.
 *
 * @param taskToken the task token from the poll
 * @param taskStatus how the task ended
 * @param errorId error code, when the task failed; should not start with "Service_"
 * @param errorMessage error message, when the task failed
 * @param errorStackTrace stack trace, when the task failed
 */
public record StatusRequest(@NotNull @Size(min = 1, max = 8192) String taskToken, @NotNull TaskStatus taskStatus,
		@Nullable String errorId, @Nullable String errorMessage, @Nullable String errorStackTrace) {

	/**
	 * The final status of a task.
	 */
	public enum TaskStatus {

		/** The task succeeded. */
		FINISHED,
		/** The task failed. */
		FAILED,
		/** A precondition was not met. */
		FALSE

	}

}
