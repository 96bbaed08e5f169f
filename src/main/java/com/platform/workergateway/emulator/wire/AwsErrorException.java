package com.platform.workergateway.emulator.wire;

import org.jspecify.annotations.Nullable;

/**
 * An answer in the AWS JSON error form, {@code {"__type": "<bare shape name>", "message":
 * "..."}}: 500 for {@code InternalServiceError}, 400 for everything else, as the model's
 * fault traits and the Smithy defaults say.
 */
public class AwsErrorException extends RuntimeException {

	static final String INTERNAL_SERVICE_ERROR = "InternalServiceError";

	static final String REJECTED_AUTH = "rejected-auth";

	static final String THROTTLED = "throttled";

	private final String type;

	private final String outcome;

	AwsErrorException(String type, String message) {
		this(type, message, type);
	}

	private AwsErrorException(String type, String message, String outcome) {
		super(message, null, false, false);
		this.type = type;
		this.outcome = outcome;
	}

	static AwsErrorException authentication(String type, String message) {
		return new AwsErrorException(type, message, REJECTED_AUTH);
	}

	static AwsErrorException throttling() {
		return new AwsErrorException("ThrottlingException", "Rate exceeded", THROTTLED);
	}

	static AwsErrorException unknownOperation(@Nullable String target) {
		return new AwsErrorException("UnknownOperationException",
				(target != null) ? "Unknown operation " + target : "Missing X-Amz-Target header");
	}

	static AwsErrorException injected(String type) {
		String message = switch (type) {
			case "ThrottlingException" -> "Rate exceeded";
			case INTERNAL_SERVICE_ERROR -> "An internal service error occurred (injected by the emulator).";
			default -> "Fault injected by the emulator.";
		};
		return new AwsErrorException(type, message);
	}

	/**
	 * The bare error shape name, e.g. {@code TaskNotFoundException}.
	 */
	public String type() {
		return this.type;
	}

	public int status() {
		return INTERNAL_SERVICE_ERROR.equals(this.type) ? 500 : 400;
	}

	/**
	 * How the call is counted: the error name, {@code throttled} or
	 * {@code rejected-auth}.
	 */
	String outcome() {
		return this.outcome;
	}

}
