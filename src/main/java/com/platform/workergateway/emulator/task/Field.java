package com.platform.workergateway.emulator.task;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * A key of a pipeline object with a string value or a reference to another object, as in
 * the service model.
 *
 * @param key field name
 * @param stringValue string value, if the field holds one
 * @param refValue id of the referenced object, if the field holds a reference
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Field(String key, @Nullable String stringValue, @Nullable String refValue) {

	public static Field string(String key, String value) {
		return new Field(key, value, null);
	}

	public static Field ref(String key, String objectId) {
		return new Field(key, null, objectId);
	}

}
