package com.platform.workergateway.task;

import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * One HMAC-SHA256 key of the task-token key ring.
 */
final class SigningKey {

	static final int MIN_BYTES = 32;

	private static final String ALGORITHM = "HmacSHA256";

	private final String id;

	private final SecretKeySpec key;

	SigningKey(String id, byte[] secret) {
		if (secret.length < MIN_BYTES) {
			throw new IllegalArgumentException("Task-token key '" + id + "' is " + secret.length + " bytes; at least "
					+ MIN_BYTES + " are needed");
		}
		this.id = id;
		this.key = new SecretKeySpec(secret, ALGORITHM);
	}

	static SigningKey fromBase64(String id, String base64Secret) {
		try {
			return new SigningKey(id, Base64.getDecoder().decode(base64Secret.trim()));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException(
					"Task-token key '" + id + "' is not valid base64 of at least " + MIN_BYTES + " bytes", null);
		}
	}

	String id() {
		return this.id;
	}

	byte[] sign(byte[] data) {
		try {
			Mac mac = Mac.getInstance(ALGORITHM);
			mac.init(this.key);
			return mac.doFinal(data);
		}
		catch (NoSuchAlgorithmException | InvalidKeyException ex) {
			throw new IllegalStateException("HmacSHA256 is unavailable", ex);
		}
	}

	@Override
	public String toString() {
		return "SigningKey[" + this.id + "]";
	}

}
