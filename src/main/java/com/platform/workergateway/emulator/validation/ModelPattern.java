package com.platform.workergateway.emulator.validation;

/**
 * The model's allowed-character pattern, {@value #REGEX}: the characters legal in XML
 * 1.0. Checked per code point rather than with a regular expression, which reads the
 * surrogate-pair range and lone surrogates unambiguously.
 */
public final class ModelPattern {

	/**
	 * The pattern as the model writes it, quoted in error messages.
	 */
	public static final String REGEX = "[\\u0020-\\uD7FF\\uE000-\\uFFFD\\uD800\\uDC00-\\uDBFF\\uDFFF\\r\\n\\t]*";

	private ModelPattern() {
	}

	public static boolean matches(String value) {
		return value.codePoints().allMatch(ModelPattern::allowed);
	}

	private static boolean allowed(int codePoint) {
		// A lone surrogate arrives here as its own code point (0xD800-0xDFFF) and is
		// refused.
		return codePoint == '\t' || codePoint == '\n' || codePoint == '\r' || (codePoint >= 0x20 && codePoint <= 0xD7FF)
				|| (codePoint >= 0xE000 && codePoint <= 0xFFFD) || (codePoint >= 0x10000 && codePoint <= 0x10FFFF);
	}

}
