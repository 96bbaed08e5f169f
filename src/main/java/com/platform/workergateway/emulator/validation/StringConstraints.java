package com.platform.workergateway.emulator.validation;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Length and character checks of one string value, worded like AWS's validation errors.
 */
final class StringConstraints {

	// Longer values are described by their length only: echoing a 10 KB field or a
	// control character into an error message helps nobody.
	private static final int ECHO_LIMIT = 100;

	private StringConstraints() {
	}

	/**
	 * @return the value if it meets the shape, null otherwise
	 */
	static @Nullable String check(String value, StringShape shape, String path, List<String> violations) {
		int size = violations.size();
		int length = value.codePointCount(0, value.length());
		String prefix = describe(value) + " at '" + path + "' failed to satisfy constraint: ";
		if (length < shape.min()) {
			violations.add(prefix + "Member must have length greater than or equal to " + shape.min());
		}
		if (length > shape.max()) {
			violations.add(prefix + "Member must have length less than or equal to " + shape.max());
		}
		if (!ModelPattern.matches(value)) {
			violations.add(prefix + "Member must satisfy regular expression pattern: " + ModelPattern.REGEX);
		}
		return (violations.size() == size) ? value : null;
	}

	static String describe(String value) {
		if (!ModelPattern.matches(value)) {
			int bad = value.codePoints()
				.filter((c) -> !ModelPattern.matches(Character.toString(c)))
				.findFirst()
				.orElse(0);
			return String.format("Value with disallowed character U+%04X", bad);
		}
		int length = value.codePointCount(0, value.length());
		return (length > ECHO_LIMIT) ? "Value of length " + length : "Value '" + value + "'";
	}

}
