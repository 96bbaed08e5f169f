package com.platform.workergateway.task;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Issues and verifies task tokens: stateless, tamper-proof handles on a task and the
 * worker group it was polled for.
 * <p>
 * Format {@code v1.<key id>.<payload>.<signature>}, each part base64url: the payload is
 * the worker group and the task id, the signature HMAC-SHA256 over everything before it.
 * Tokens do not expire: a Data Pipeline task can run for days, and the upstream refuses
 * reports on ended tasks anyway.
 */
public class TaskTokenCodec {

	private static final String VERSION = "v1";

	private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

	private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

	private final Supplier<List<SigningKey>> keys;

	TaskTokenCodec(List<SigningKey> keys) {
		this(fixed(keys));
	}

	/**
	 * @param keys the key ring in force, current at every call (a key ring file is
	 * re-read when it changes): the first key signs, every key verifies
	 */
	TaskTokenCodec(Supplier<List<SigningKey>> keys) {
		this.keys = keys;
	}

	private static Supplier<List<SigningKey>> fixed(List<SigningKey> keys) {
		if (keys.isEmpty()) {
			throw new IllegalArgumentException("At least one task-token key is needed");
		}
		List<SigningKey> ring = List.copyOf(keys);
		return () -> ring;
	}

	public String encode(TaskToken token) {
		SigningKey key = this.keys.get().get(0);
		String payload = ENCODER
			.encodeToString((token.workerGroup() + '\n' + token.taskId()).getBytes(StandardCharsets.UTF_8));
		String signed = VERSION + '.' + key.id() + '.' + payload;
		return signed + '.' + ENCODER.encodeToString(key.sign(signed.getBytes(StandardCharsets.US_ASCII)));
	}

	/**
	 * @throws InvalidTaskTokenException if the token is malformed, signed with an unknown
	 * key, or its signature does not verify
	 */
	public TaskToken decode(String encoded) {
		String[] parts = encoded.split("\\.", -1);
		if (parts.length != 4 || !VERSION.equals(parts[0])) {
			throw new InvalidTaskTokenException("taskToken is malformed", true);
		}
		SigningKey key = key(parts[1])
			.orElseThrow(() -> new InvalidTaskTokenException("taskToken was not issued by this gateway", false));
		byte[] expected = key.sign(encoded.substring(0, encoded.lastIndexOf('.')).getBytes(StandardCharsets.US_ASCII));
		if (!MessageDigest.isEqual(expected, base64(parts[3]))) {
			throw new InvalidTaskTokenException("taskToken was not issued by this gateway or was altered", false);
		}
		String payload = new String(base64(parts[2]), StandardCharsets.UTF_8);
		int separator = payload.indexOf('\n');
		return new TaskToken(payload.substring(0, separator), payload.substring(separator + 1));
	}

	private Optional<SigningKey> key(String id) {
		return this.keys.get().stream().filter((key) -> key.id().equals(id)).findFirst();
	}

	private static byte[] base64(String part) {
		try {
			return DECODER.decode(part);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidTaskTokenException("taskToken is malformed", true);
		}
	}

}
