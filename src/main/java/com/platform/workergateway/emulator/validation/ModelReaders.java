package com.platform.workergateway.emulator.validation;

import java.util.List;

import com.platform.workergateway.emulator.task.Field;
import com.platform.workergateway.emulator.task.PipelineObject;

/**
 * Readers of the model's {@code Field} and {@code PipelineObject} structures, shared by
 * the wire (progress fields) and the admin API (scheduled objects).
 */
public final class ModelReaders {

	private ModelReaders() {
	}

	public static Field field(InputReader in) {
		String key = in.requiredString("key", StringShape.FIELD_NAME);
		String stringValue = in.optionalString("stringValue", StringShape.FIELD_VALUE);
		String refValue = in.optionalString("refValue", StringShape.FIELD_NAME);
		return new Field(key, stringValue, refValue);
	}

	public static List<Field> fields(InputReader in, String member, boolean required) {
		return in.list(member, required, ModelReaders::field);
	}

	public static PipelineObject pipelineObject(InputReader in) {
		String id = in.requiredString("id", StringShape.ID);
		String name = in.requiredString("name", StringShape.ID);
		return new PipelineObject(id, name, fields(in, "fields", true));
	}

}
