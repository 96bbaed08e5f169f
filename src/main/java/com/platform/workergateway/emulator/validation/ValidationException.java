package com.platform.workergateway.emulator.validation;

import java.util.List;

/**
 * Input broke the model's constraints; the message lists every violation the way AWS
 * services word them ("1 validation error detected: Value null at 'workerGroup' failed to
 * satisfy constraint: Member must not be null").
 */
public class ValidationException extends RuntimeException {

	private final List<String> violations;

	public ValidationException(List<String> violations) {
		super(message(violations), null, false, false);
		this.violations = List.copyOf(violations);
	}

	public List<String> violations() {
		return this.violations;
	}

	private static String message(List<String> violations) {
		String count = (violations.size() == 1) ? "1 validation error" : violations.size() + " validation errors";
		return count + " detected: " + String.join("; ", violations);
	}

}
