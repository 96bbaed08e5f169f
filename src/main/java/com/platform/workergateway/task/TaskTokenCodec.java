package com.platform.workergateway.task;

import java.nio.ByteBuffer;
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
 * Format {@code v2.<key id>.<payload>.<signature>}, each part base64url, the signature
 * HMAC-SHA256 over everything before it. The payload is length-prefixed, so it has one
 * reading whatever the strings hold: the worker group's length in UTF-8 bytes (4 bytes,
 * big-endian), the worker group, then the task id (the rest).
 * <p>
 * Version 1 joined the two with a newline, which a worker group may contain: such a token
 * would decode into another group and task id. {@code v1} tokens are still accepted, as
 * tasks polled before an upgrade are still being worked on, but only with exactly one
 * newline in the payload (the one reading that cannot be wrong); they stop being accepted
 * by themselves once every key that signed them has left the key ring (rotate it once
 * after the upgrade, after the longest task's runtime). Tokens do not expire: a Data
 * Pipeline task can run for days, and the upstream refuses reports on ended tasks anyway.
 */
public class TaskTokenCodec {

	private static final String VERSION = "v2";

	/** Issued before version 2; still accepted when unambiguous. */
	private static final String LEGACY_VERSION = "v1";

	private static final int LENGTH_BYTES = Integer.BYTES;

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
		String payload = ENCODER.encodeToString(payload(token));
		String signed = VERSION + '.' + key.id() + '.' + payload;
		return signed + '.' + ENCODER.encodeToString(key.sign(signed.getBytes(StandardCharsets.US_ASCII)));
	}

	/**
	 * @throws InvalidTaskTokenException if the token is malformed, signed with an unknown
	 * key, or its signature does not verify
	 */
	public TaskToken decode(String encoded) {
		String[] parts = encoded.split("\\.", -1);
		if (parts.length != 4 || !(VERSION.equals(parts[0]) || LEGACY_VERSION.equals(parts[0]))) {
			throw new InvalidTaskTokenException("taskToken is malformed", true);
		}
		SigningKey key = key(parts[1])
			.orElseThrow(() -> new InvalidTaskTokenException("taskToken was not issued by this gateway", false));
		byte[] expected = key.sign(encoded.substring(0, encoded.lastIndexOf('.')).getBytes(StandardCharsets.US_ASCII));
		if (!MessageDigest.isEqual(expected, base64(parts[3]))) {
			throw new InvalidTaskTokenException("taskToken was not issued by this gateway or was altered", false);
		}
		byte[] payload = base64(parts[2]);
		return VERSION.equals(parts[0]) ? fromPayload(payload) : fromLegacyPayload(payload);
	}

	private static byte[] payload(TaskToken token) {
		byte[] group = token.workerGroup().getBytes(StandardCharsets.UTF_8);
		byte[] taskId = token.taskId().getBytes(StandardCharsets.UTF_8);
		return ByteBuffer.allocate(LENGTH_BYTES + group.length + taskId.length)
			.putInt(group.length)
			.put(group)
			.put(taskId)
			.array();
	}

	private static TaskToken fromPayload(byte[] payload) {
		ByteBuffer buffer = ByteBuffer.wrap(payload);
		int groupLength = (payload.length >= LENGTH_BYTES) ? buffer.getInt() : -1;
		if (groupLength < 0 || groupLength > buffer.remaining()) {
			// Signed by us, so never seen in practice: a bug, not a forgery.
			throw new InvalidTaskTokenException("taskToken is malformed", true);
		}
		String group = new String(payload, LENGTH_BYTES, groupLength, StandardCharsets.UTF_8);
		String taskId = new String(payload, LENGTH_BYTES + groupLength, payload.length - LENGTH_BYTES - groupLength,
				StandardCharsets.UTF_8);
		return new TaskToken(group, taskId);
	}

	/**
	 * A version-1 payload, {@code <worker group>\n<task id>}: refused unless it has
	 * exactly one newline, as a newline in the group or the task id makes it ambiguous.
	 */
	private static TaskToken fromLegacyPayload(byte[] bytes) {
		String payload = new String(bytes, StandardCharsets.UTF_8);
		int separator = payload.indexOf('\n');
		if (separator < 0 || payload.indexOf('\n', separator + 1) >= 0) {
			throw new InvalidTaskTokenException("taskToken is ambiguous (a version 1 token with a newline in its"
					+ " worker group or task id); poll the task again", true);
		}
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
