package com.platform.workergateway.emulator.validation;

/**
 * The body is not a JSON object at all; AWS JSON services answer that with
 * {@code SerializationException}, not a validation error.
 */
public class MalformedInputException extends RuntimeException {

	public MalformedInputException(String message) {
		super(message, null, false, false);
	}

}
