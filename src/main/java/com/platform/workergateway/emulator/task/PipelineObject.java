package com.platform.workergateway.emulator.task;

import java.util.List;

/**
 * A pipeline object as PollForTask returns it.
 *
 * @param id object id
 * @param name object name
 * @param fields the object's fields
 */
public record PipelineObject(String id, String name, List<Field> fields) {

	public PipelineObject {
		fields = List.copyOf(fields);
	}

}
