package com.platform.workergateway.web;

import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DatabindException;

import org.springframework.web.server.ServerWebInputException;

/**
 * Says what was wrong with an unreadable request body, in terms a worker's author can act
 * on: where in the JSON, and what kind of mistake. Jackson's own messages are not used,
 * as they quote input and name internal classes.
 */
final class InputFailures {

	private InputFailures() {
	}

	static String describe(ServerWebInputException failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof DatabindException databind) {
				return "Wrong JSON type or value at " + path(databind);
			}
			if (cause instanceof StreamReadException read) {
				String kind = (read.getMessage() != null && read.getMessage().startsWith("Duplicate field"))
						? "Duplicate JSON member" : "Malformed JSON";
				return kind + " at line " + read.getLocation().getLineNr() + ", column "
						+ read.getLocation().getColumnNr();
			}
		}
		return (failure.getReason() != null) ? failure.getReason() : "Malformed request";
	}

	private static String path(JacksonException failure) {
		StringBuilder path = new StringBuilder("$");
		for (JacksonException.Reference reference : failure.getPath()) {
			if (reference.getPropertyName() != null) {
				path.append('.').append(reference.getPropertyName());
			}
			else if (reference.getIndex() >= 0) {
				path.append('[').append(reference.getIndex()).append(']');
			}
		}
		return path.toString();
	}

}
