package com.platform.workergateway.upstream;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.netty.handler.codec.http.HttpHeaders;

/**
 * Recomputes the SigV4 signature of a request as the server received it, the way AWS
 * does: if any signed header, the path or the body changed on the way, it does not match.
 */
final class SigV4Verifier {

	private static final Pattern AUTHORIZATION = Pattern.compile(
			"AWS4-HMAC-SHA256 Credential=([^/]+)/(\\d{8})/([^/]+)/([^/]+)/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})");

	private SigV4Verifier() {
	}

	/**
	 * Whether the request carries a valid signature for the secret key.
	 * @param headers the headers received
	 * @param body the body received
	 * @param secretAccessKey the secret the client signed with
	 * @return the service name of the credential scope, if the signature is valid
	 * @throws AssertionError if it is not
	 */
	static String verify(HttpHeaders headers, byte[] body, String secretAccessKey) {
		String authorization = headers.get("Authorization");
		Matcher matcher = AUTHORIZATION.matcher((authorization != null) ? authorization : "");
		if (!matcher.matches()) {
			throw new AssertionError("Not a SigV4 Authorization header: " + authorization);
		}
		String date = matcher.group(2);
		String region = matcher.group(3);
		String service = matcher.group(4);
		String signedHeaders = matcher.group(5);
		String amzDate = headers.get("X-Amz-Date");
		String canonicalHeaders = Arrays.stream(signedHeaders.split(";"))
			.map((name) -> name + ":" + String.join(",", headers.getAll(name)).trim() + "\n")
			.collect(Collectors.joining());
		String canonicalRequest = String.join("\n", "POST", "/", "", canonicalHeaders, signedHeaders,
				hex(sha256(body)));
		String scope = date + "/" + region + "/" + service + "/aws4_request";
		String stringToSign = String.join("\n", "AWS4-HMAC-SHA256", amzDate, scope,
				hex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8))));
		byte[] key = hmac(("AWS4" + secretAccessKey).getBytes(StandardCharsets.UTF_8), date);
		key = hmac(key, region);
		key = hmac(key, service);
		key = hmac(key, "aws4_request");
		String expected = hex(hmac(key, stringToSign));
		if (!expected.equals(matcher.group(6))) {
			throw new AssertionError("Signature mismatch over headers " + signedHeaders);
		}
		return service;
	}

	private static byte[] sha256(byte[] bytes) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(bytes);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static byte[] hmac(byte[] key, String data) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(key, "HmacSHA256"));
			return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String hex(byte[] bytes) {
		return HexFormat.of().formatHex(bytes);
	}

}
