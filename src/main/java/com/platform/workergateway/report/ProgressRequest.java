package com.platform.workergateway.report;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

import com.platform.workergateway.model.ModelText;
import com.platform.workergateway.upstream.TaskObject;

/**
 * The body of {@code POST /v1/tasks/progress}.
 *
 * @param taskToken the task token from the poll
 * @param fields progress fields, e.g. {@code {"key": "percentComplete", "stringValue":
 * "50"}}
 */
public record ProgressRequest(@NotNull @Size(min = 1, max = 8192) String taskToken,
		@Nullable @Size(max = 50) List<@NotNull @Valid Field> fields) {

	List<TaskObject.Field> upstreamFields() {
		return (this.fields != null) ? this.fields.stream().map(Field::toUpstream).toList() : List.of();
	}

	/**
	 * A progress field: a key with a string value or a reference, not both.
	 *
	 * @param key field name
	 * @param stringValue string value
	 * @param refValue id of a referenced object
	 */
	public record Field(@NotNull @ModelText(min = 1, max = 256) String key,
			@ModelText(max = 10240) @Nullable String stringValue,
			@ModelText(min = 1, max = 256) @Nullable String refValue) {

		@AssertTrue(message = "must hold a stringValue or a refValue, not both")
		boolean isOneValue() {
			return this.stringValue == null || this.refValue == null;
		}

		TaskObject.Field toUpstream() {
			return new TaskObject.Field(this.key, this.stringValue, this.refValue);
		}

	}

}
