package com.platform.workergateway.task;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class TaskTokenCodecTests {

	private static final SigningKey CURRENT = new SigningKey("k2", bytes("current-key-0123456789abcdefghijkl"));

	private static final SigningKey PREVIOUS = new SigningKey("k1", bytes("previous-key-0123456789abcdefghijk"));

	private final TaskTokenCodec codec = new TaskTokenCodec(List.of(CURRENT, PREVIOUS));

	@Test
	void shouldRoundTripGroupAndTaskIdAsUrlSafeToken() {
		TaskToken token = new TaskToken("wg-\u00e9", "task/with+odd=chars");

		String encoded = this.codec.encode(token);

		assertThat(encoded).matches("[A-Za-z0-9._-]+").startsWith("v2.k2.");
		assertThat(this.codec.decode(encoded)).isEqualTo(token);
	}

	@Test
	void shouldKeepGroupAndTaskIdApartWhenTheGroupHoldsANewline() {
		TaskToken token = new TaskToken("wg\nt1", "t2");

		TaskToken decoded = this.codec.decode(this.codec.encode(token));

		assertThat(decoded.workerGroup()).isEqualTo("wg\nt1");
		assertThat(decoded.taskId()).isEqualTo("t2");
		assertThat(decoded).isNotEqualTo(new TaskToken("wg", "t1\nt2"));
	}

	@Test
	void shouldStillAcceptAnUnambiguousVersionOneToken() {
		String v1 = legacyToken(CURRENT, "wg-1\ntask-1");

		assertThat(this.codec.decode(v1)).isEqualTo(new TaskToken("wg-1", "task-1"));
	}

	@Test
	void shouldRefuseAVersionOneTokenWithMoreThanOneNewline() {
		String ambiguous = legacyToken(CURRENT, "wg\nt1\nt2");

		assertThatExceptionOfType(InvalidTaskTokenException.class).isThrownBy(() -> this.codec.decode(ambiguous))
			.withMessageContaining("ambiguous")
			.satisfies((ex) -> assertThat(ex.malformed()).isTrue());
	}

	/** A token as version 1 issued it: the group and the task id joined by a newline. */
	private static String legacyToken(SigningKey key, String payload) {
		String signed = "v1." + key.id() + "."
				+ Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8));
		return signed + "."
				+ Base64.getUrlEncoder()
					.withoutPadding()
					.encodeToString(key.sign(signed.getBytes(StandardCharsets.US_ASCII)));
	}

	@Test
	void shouldAcceptTokensOfThePreviousKeyDuringRotation() {
		String issuedBeforeRotation = new TaskTokenCodec(List.of(PREVIOUS)).encode(new TaskToken("wg", "t1"));

		assertThat(this.codec.decode(issuedBeforeRotation)).isEqualTo(new TaskToken("wg", "t1"));
	}

	@Test
	void shouldRefuseTokensOfARetiredKey() {
		String issued = this.codec.encode(new TaskToken("wg", "t1"));

		TaskTokenCodec rotatedTwice = new TaskTokenCodec(
				List.of(new SigningKey("k3", bytes("newest-key-0123456789abcdefghijklm"))));

		assertThatExceptionOfType(InvalidTaskTokenException.class).isThrownBy(() -> rotatedTwice.decode(issued))
			.satisfies((ex) -> assertThat(ex.malformed()).isFalse());
	}

	@Test
	void shouldRefuseATokenWhosePayloadNamesAnotherGroup() {
		String[] parts = this.codec.encode(new TaskToken("group-a", "task-of-a")).split("\\.");
		String forgedPayload = Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString("group-b\ntask-of-a".getBytes(StandardCharsets.UTF_8));

		String forged = parts[0] + "." + parts[1] + "." + forgedPayload + "." + parts[3];

		assertThatExceptionOfType(InvalidTaskTokenException.class).isThrownBy(() -> this.codec.decode(forged))
			.satisfies((ex) -> assertThat(ex.malformed()).isFalse());
	}

	@Test
	void shouldRefuseAnyFlippedCharacter() {
		String token = this.codec.encode(new TaskToken("wg", "t1"));
		for (int i = 0; i < token.length(); i++) {
			char flipped = (token.charAt(i) == 'A') ? 'B' : 'A';
			String altered = token.substring(0, i) + flipped + token.substring(i + 1);
			if (!altered.equals(token)) {
				assertThatExceptionOfType(InvalidTaskTokenException.class).isThrownBy(() -> this.codec.decode(altered));
			}
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "v1", "v1.k2", "v1.k2.abc", "v0.abc.def.ghi", "v1.k2.!!!.abc", "v1.k2.abc.def.ghi" })
	void shouldRefuseMalformedTokens(String encoded) {
		assertThatExceptionOfType(InvalidTaskTokenException.class).isThrownBy(() -> this.codec.decode(encoded));
	}

	@Test
	void shouldRefuseTruncatedTokens() {
		String token = this.codec.encode(new TaskToken("wg", "t1"));

		assertThatExceptionOfType(InvalidTaskTokenException.class)
			.isThrownBy(() -> this.codec.decode(token.substring(0, token.length() - 3)));
	}

	@Test
	void shouldRefuseShortKeys() {
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> new SigningKey("short", bytes("too-short")))
			.withMessageContaining("at least 32");
	}

	private static byte[] bytes(String value) {
		return value.getBytes(StandardCharsets.UTF_8);
	}

}
