package com.platform.workergateway.model;

import org.jspecify.annotations.Nullable;

/**
 * Makes a worker's error text fit the model instead of refusing it: a failing worker must
 * always be able to report its failure. Characters outside the model's set become U+FFFD;
 * text over the maximum keeps its head and ends with a marker saying how much was cut,
 * within the maximum.
 */
public final class ModelTextShaper {

	private static final int REPLACEMENT = 0xFFFD;

	private ModelTextShaper() {
	}

	public static @Nullable String shape(@Nullable String text, int maxCodePoints) {
		if (text == null) {
			return null;
		}
		int length = text.codePointCount(0, text.length());
		StringBuilder shaped = new StringBuilder(text.length());
		int kept = 0;
		String marker = "";
		if (length > maxCodePoints) {
			marker = "\n[truncated " + length + " characters to " + maxCodePoints + "]";
			kept = maxCodePoints - marker.length();
		}
		else {
			kept = length;
		}
		int index = 0;
		for (int i = 0; i < kept; i++) {
			int codePoint = text.codePointAt(index);
			shaped.appendCodePoint(ModelTextValidator.isAllowed(codePoint) ? codePoint : REPLACEMENT);
			index += Character.charCount(codePoint);
		}
		return shaped.append(marker).toString();
	}

}
