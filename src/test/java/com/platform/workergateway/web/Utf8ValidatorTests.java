package com.platform.workergateway.web;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Well-formed UTF-8 only (RFC 3629), fed byte by byte.
 */
class Utf8ValidatorTests {

	@ParameterizedTest
	@ValueSource(strings = { "", "plain ascii", "caf\u00e9", "\u20ac", "\ud83d\ude00 emoji", "\ufffd", "\ud7ff\ue000" })
	void shouldAcceptWellFormedText(String text) {
		assertThat(validate(text.getBytes(StandardCharsets.UTF_8))).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "C328", "FF", "FE", "C0AF", "C180", "E08080", "EDA080", "EDBFBF", "F0808080", "F4908080",
			"F888808080", "80", "E282", "F09F98", "C3" })
	void shouldRefuseMalformedBytes(String hex) {
		assertThat(validate(HexFormat.of().parseHex(hex))).isFalse();
	}

	private static boolean validate(byte[] bytes) {
		Utf8Validator validator = new Utf8Validator();
		for (byte b : bytes) {
			if (!validator.accept(b)) {
				return false;
			}
		}
		return validator.complete();
	}

}
