package com.platform.workergateway.task;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Encodes a {@link TaskToken} as an opaque, URL-safe string and decodes it back.
 * <p>
 * Version {@code v0}: base64url of the worker group and the task id. It is opaque but not
 * yet tamper-proof; signing with a key shared by replicas is the task-lifecycle work
 * (issue 3), which replaces this encoding behind the same interface.
 */
public class TaskTokenCodec {

	private static final String VERSION = "v0.";

	private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

	private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

	public String encode(TaskToken token) {
		String payload = token.workerGroup() + '\n' + token.taskId();
		return VERSION + ENCODER.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
	}

	public Optional<TaskToken> decode(String encoded) {
		if (!encoded.startsWith(VERSION)) {
			return Optional.empty();
		}
		try {
			String payload = new String(DECODER.decode(encoded.substring(VERSION.length())), StandardCharsets.UTF_8);
			int separator = payload.indexOf('\n');
			if (separator < 1 || separator == payload.length() - 1) {
				return Optional.empty();
			}
			return Optional.of(new TaskToken(payload.substring(0, separator), payload.substring(separator + 1)));
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

}
