package com.platform.workergateway.task;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parses a task-token key ring file: one {@code <id>:<base64 secret>} per line, the first
 * key signs; blank lines and lines starting with {@code #} are skipped. Validated whole
 * (at least one key, ids well-formed and unique, secrets base64 of at least 32 bytes)
 * before use; errors name the line and the key id, never a secret.
 */
final class KeyRingFile {

	private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,32}");

	private KeyRingFile() {
	}

	static List<SigningKey> parse(Path file, String text) {
		List<SigningKey> keys = new ArrayList<>();
		Set<String> ids = new HashSet<>();
		String[] lines = text.split("\\R");
		for (int i = 0; i < lines.length; i++) {
			String line = lines[i].strip();
			if (line.isEmpty() || line.startsWith("#")) {
				continue;
			}
			int colon = line.indexOf(':');
			String where = "line " + (i + 1);
			if (colon < 1) {
				throw invalid(file, where, "expected <id>:<base64 secret>");
			}
			String id = line.substring(0, colon).trim();
			if (!ID.matcher(id).matches()) {
				throw invalid(file, where, "the key id must match " + ID);
			}
			if (!ids.add(id)) {
				throw invalid(file, where, "key id '" + id + "' appears twice");
			}
			try {
				keys.add(SigningKey.fromBase64(id, line.substring(colon + 1)));
			}
			catch (IllegalArgumentException ex) {
				throw invalid(file, where, ex.getMessage());
			}
		}
		if (keys.isEmpty()) {
			throw invalid(file, "end", "no key: at least one <id>:<base64 secret> line is needed");
		}
		return List.copyOf(keys);
	}

	private static IllegalStateException invalid(Path file, String where, String problem) {
		return new IllegalStateException(
				"Invalid worker-gateway.task-token.keys-file " + file + " at " + where + ": " + problem);
	}

}
