package com.platform.workergateway.security;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import com.platform.workergateway.support.WorkerClient;

/**
 * A seeded generator of malformed or hostile requests to the four endpoints, every one of
 * them invalid (so none may reach Data Pipeline), each with the statuses it may get.
 */
final class HostileRequests {

	static final List<String> PATHS = List.of("/v1/tasks/poll", "/v1/tasks/progress", "/v1/tasks/status",
			"/v1/runners/heartbeat");

	private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();

	private final Random random;

	private final int cap;

	HostileRequests(long seed, int cap) {
		this.random = new Random(seed);
		this.cap = cap;
	}

	/**
	 * One request.
	 *
	 * @param kind what is wrong with it
	 * @param path the endpoint
	 * @param authorization the {@code Authorization} header, or none
	 * @param contentType the {@code Content-Type}
	 * @param body the body bytes
	 * @param chunked whether to send the body without {@code Content-Length}
	 * @param expected the statuses it may get
	 */
	record Request(String kind, String path, @Nullable String authorization, String contentType, byte[] body,
			boolean chunked, Set<Integer> expected) {

		@Override
		public String toString() {
			return this.kind + " " + this.path + " (" + this.body.length + " bytes)";
		}

	}

	Request next() {
		String path = PATHS.get(this.random.nextInt(PATHS.size()));
		int kind = this.random.nextInt(30);
		return switch (kind) {
			case 0 -> forgedCredentials(path);
			case 1 -> json("truncated JSON", path, truncated(validBody(path)));
			case 2 -> json("random bytes", path, randomBytes(1 + this.random.nextInt(200)));
			case 3 -> json("deep nesting", path, deep(path));
			case 4 -> json("long string", path, longString(path));
			case 5 -> json("wrong type", path, wrongType(path));
			case 6 -> json("bad UTF-8", path, badUtf8(path));
			case 7 -> json("control character", path, controlCharacter(path));
			case 8 -> json("duplicate key", path, duplicateKey(path));
			case 9 -> oversize(path);
			case 15, 16, 17, 18, 19, 20 -> forgedCredentials(path);
			case 21, 22, 23 -> forgedTaskToken(path);
			case 24, 25 -> json("wrong type", path, wrongType(path));
			case 26, 27 -> json("bad UTF-8", path, badUtf8(path));
			case 28 -> json("duplicate key", path, duplicateKey(path));
			case 10 -> wrongContentType(path);
			case 11 -> forgedTaskToken(path);
			case 12 -> json("unpaired surrogate", path, surrogate(path));
			case 13 -> json("missing member", path, missingMember(path));
			default -> json("not an object", path, notAnObject());
		};
	}

	private Request json(String kind, String path, byte[] body) {
		return new Request(kind, path, WorkerClient.DEV_AUTHORIZATION, "application/json", body,
				this.random.nextInt(4) == 0, Set.of(400, 403));
	}

	private Request forgedCredentials(String path) {
		String authorization = switch (this.random.nextInt(6)) {
			case 0 -> "Bearer " + printable(1 + this.random.nextInt(100));
			case 1 -> "Bearer " + fakeJwt("RS256");
			case 2 -> "Bearer " + fakeJwt("none");
			case 3 -> "Bearer " + WorkerClient.DEV_TOKEN + printable(1);
			case 4 -> "Basic " + BASE64.encodeToString("user:dev-token".getBytes(StandardCharsets.UTF_8));
			default -> null;
		};
		byte[] body = (this.random.nextBoolean()) ? validBody(path) : randomBytes(this.random.nextInt(100));
		return new Request("forged credentials", path, authorization, "application/json", body, false, Set.of(401));
	}

	private Request oversize(String path) {
		int size = this.cap + 1 + this.random.nextInt(4096);
		byte[] body = ("{\"workerGroup\":\"" + "x".repeat(size) + "\"}").getBytes(StandardCharsets.UTF_8);
		return new Request("oversize", path, WorkerClient.DEV_AUTHORIZATION, "application/json", body,
				this.random.nextBoolean(), Set.of(413));
	}

	private Request wrongContentType(String path) {
		List<String> types = List.of("text/plain", "application/xml", "application/x-www-form-urlencoded",
				"application/octet-stream", "multipart/form-data; boundary=x", "application/json-patch+json");
		return new Request("wrong content type", path, WorkerClient.DEV_AUTHORIZATION,
				types.get(this.random.nextInt(types.size())), validBody(path), false, Set.of(415));
	}

	private Request forgedTaskToken(String path) {
		String reportPath = (this.random.nextBoolean()) ? "/v1/tasks/progress" : "/v1/tasks/status";
		String payload = BASE64.encodeToString(("alpha\n" + printable(20)).getBytes(StandardCharsets.UTF_8));
		String token = switch (this.random.nextInt(4)) {
			case 0 -> "v1.current." + payload + "." + BASE64.encodeToString(randomBytes(32));
			case 1 -> "v1.unknown-key." + payload + "." + BASE64.encodeToString(randomBytes(32));
			case 2 -> "v1." + printable(10);
			default -> printable(1 + this.random.nextInt(200)).replace("\\", "").replace("\"", "");
		};
		String body = "{\"taskToken\":\"" + token + "\",\"taskStatus\":\"FINISHED\"}";
		return new Request("forged task token", reportPath, WorkerClient.DEV_AUTHORIZATION, "application/json",
				body.getBytes(StandardCharsets.UTF_8), false, Set.of(400, 403));
	}

	private byte[] validBody(String path) {
		String token = "v1.current." + BASE64.encodeToString("alpha\ntask".getBytes(StandardCharsets.UTF_8)) + "."
				+ BASE64.encodeToString(randomBytes(32));
		String body = switch (path) {
			case "/v1/tasks/poll" -> "{\"workerGroup\":\"alpha\",\"hostname\":\"h\"}";
			case "/v1/tasks/progress" ->
				"{\"taskToken\":\"" + token + "\",\"fields\":[{\"key\":\"k\",\"stringValue\":\"v\"}]}";
			case "/v1/tasks/status" ->
				"{\"taskToken\":\"" + token + "\",\"taskStatus\":\"FAILED\",\"errorMessage\":\"m\"}";
			default -> "{\"taskrunnerId\":\"r\",\"workerGroup\":\"alpha\"}";
		};
		return body.getBytes(StandardCharsets.UTF_8);
	}

	/** The member that must be a string, and that the model constrains. */
	private static String stringMember(String path) {
		return switch (path) {
			case "/v1/tasks/poll" -> "workerGroup";
			case "/v1/runners/heartbeat" -> "taskrunnerId";
			default -> "taskToken";
		};
	}

	/** A body with the path's string member set to the given raw JSON value. */
	private static byte[] withMember(String path, byte[] value) {
		String head = "{\"" + stringMember(path) + "\":";
		String tail = path.equals("/v1/tasks/status") ? ",\"taskStatus\":\"FINISHED\"}" : "}";
		return concat(head.getBytes(StandardCharsets.UTF_8), value, tail.getBytes(StandardCharsets.UTF_8));
	}

	private byte[] truncated(byte[] body) {
		int length = this.random.nextInt(body.length);
		byte[] cut = new byte[length];
		System.arraycopy(body, 0, cut, 0, length);
		return cut;
	}

	private byte[] deep(String path) {
		int depth = 17 + this.random.nextInt(3000);
		boolean arrays = this.random.nextBoolean();
		String open = arrays ? "[" : "{\"a\":";
		String close = arrays ? "]" : "}";
		return withMember(path, (open.repeat(depth) + "1" + close.repeat(depth)).getBytes(StandardCharsets.UTF_8));
	}

	private byte[] longString(String path) {
		// Over the model's length, within the body cap.
		int length = 8193 + this.random.nextInt(16 * 1024);
		return withMember(path, ("\"" + "s".repeat(length) + "\"").getBytes(StandardCharsets.UTF_8));
	}

	private byte[] wrongType(String path) {
		List<String> values = List.of("42", "-1.5e300", "true", "false", "null", "[\"alpha\"]", "{\"a\":\"b\"}",
				"123456789012345678901234567890");
		return withMember(path, values.get(this.random.nextInt(values.size())).getBytes(StandardCharsets.UTF_8));
	}

	private byte[] badUtf8(String path) {
		List<byte[]> sequences = List.of(new byte[] { (byte) 0xC3, 0x28 }, new byte[] { (byte) 0xFF },
				new byte[] { (byte) 0xED, (byte) 0xA0, (byte) 0x80 }, new byte[] { (byte) 0xF8, (byte) 0x88 },
				new byte[] { (byte) 0xC0, (byte) 0xAF }, new byte[] { (byte) 0xE2, (byte) 0x82 });
		byte[] bad = sequences.get(this.random.nextInt(sequences.size()));
		return withMember(path, concat("\"a".getBytes(StandardCharsets.UTF_8), bad, "b\"".getBytes()));
	}

	private byte[] controlCharacter(String path) {
		int control = this.random.nextInt(0x20);
		if (this.random.nextBoolean() && !path.startsWith("/v1/tasks/")) {
			// Escaped: valid JSON, refused by the model's pattern (TAB, LF, CR are
			// allowed).
			int refused = List.of(0x00, 0x01, 0x07, 0x08, 0x0B, 0x0C, 0x1B, 0x1F).get(this.random.nextInt(8));
			return withMember(path, String.format("\"a\\u%04xb\"", refused).getBytes(StandardCharsets.UTF_8));
		}
		return withMember(path, concat("\"a".getBytes(StandardCharsets.UTF_8), new byte[] { (byte) control },
				"b\"".getBytes(StandardCharsets.UTF_8)));
	}

	private byte[] duplicateKey(String path) {
		String member = stringMember(path);
		String body = "{\"" + member + "\":\"a\",\"" + member + "\":\"b\""
				+ (path.equals("/v1/tasks/status") ? ",\"taskStatus\":\"FINISHED\"}" : "}");
		return body.getBytes(StandardCharsets.UTF_8);
	}

	private byte[] surrogate(String path) {
		if (path.startsWith("/v1/tasks/")) {
			path = "/v1/tasks/poll";
		}
		String lone = List.of("\\ud800", "\\udfff", "\\udbff\\u0041", "a\\udc00").get(this.random.nextInt(4));
		return withMember(path, ("\"" + lone + "\"").getBytes(StandardCharsets.UTF_8));
	}

	private byte[] missingMember(String path) {
		return switch (path) {
			case "/v1/tasks/status" -> "{\"taskStatus\":\"FINISHED\"}".getBytes(StandardCharsets.UTF_8);
			case "/v1/tasks/progress" -> "{\"fields\":[]}".getBytes(StandardCharsets.UTF_8);
			default -> "{\"hostname\":\"h\"}".getBytes(StandardCharsets.UTF_8);
		};
	}

	private byte[] notAnObject() {
		List<String> bodies = List.of("", "null", "[]", "\"alpha\"", "42", "true", "[{\"workerGroup\":\"alpha\"}]", " ",
				"{}");
		return bodies.get(this.random.nextInt(bodies.size())).getBytes(StandardCharsets.UTF_8);
	}

	private String fakeJwt(String algorithm) {
		String header = BASE64
			.encodeToString(("{\"alg\":\"" + algorithm + "\",\"kid\":\"test-key\"}").getBytes(StandardCharsets.UTF_8));
		String claims = BASE64.encodeToString(("{\"iss\":\"" + JwksServer.ISSUER + "\",\"aud\":[\""
				+ JwksServer.AUDIENCE + "\"],\"sub\":\"system:serviceaccount:ops:admin\",\"exp\":4102444800}")
			.getBytes(StandardCharsets.UTF_8));
		return header + "." + claims + "." + (algorithm.equals("none") ? "" : BASE64.encodeToString(randomBytes(256)));
	}

	private String printable(int length) {
		StringBuilder text = new StringBuilder(length);
		for (int i = 0; i < length; i++) {
			text.append((char) (0x21 + this.random.nextInt(0x7E - 0x21)));
		}
		return text.toString();
	}

	private byte[] randomBytes(int length) {
		byte[] bytes = new byte[length];
		this.random.nextBytes(bytes);
		return bytes;
	}

	private static byte[] concat(byte[]... parts) {
		ByteArrayOutputStream all = new ByteArrayOutputStream();
		for (byte[] part : parts) {
			all.writeBytes(part);
		}
		return all.toByteArray();
	}

}
