package com.platform.workergateway.emulator.validation;

import java.util.regex.Pattern;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class ModelPatternTests {

	// The model's pattern, compiled by Java: the reference the hand-written check must
	// match.
	private static final Pattern MODEL = Pattern
		.compile("[\\u0020-\\uD7FF\\uE000-\\uFFFD\\uD800\\uDC00-\\uDBFF\\uDFFF\\r\\n\\t]*");

	@ParameterizedTest(name = "U+{0} allowed: {1}")
	@CsvSource({ "0000, false", "0008, false", "0009, true", "000A, true", "000B, false", "000D, true", "001F, false",
			"0020, true", "007F, true", "D7FF, true", "E000, true", "FFFD, true", "FFFE, false", "FFFF, false",
			"10000, true", "1F600, true", "10FFFF, true" })
	void shouldAllowOnlyXmlCharactersWhenCheckingCodePoints(String hex, boolean allowed) {
		String value = "a" + Character.toString(Integer.parseInt(hex, 16)) + "b";

		assertThat(ModelPattern.matches(value)).isEqualTo(allowed);
		assertThat(MODEL.matcher(value).matches()).isEqualTo(allowed);
	}

	@Test
	void shouldRefuseLoneSurrogatesWhenCheckingStrings() {
		assertThat(ModelPattern.matches("a\uD800b")).isFalse();
		assertThat(ModelPattern.matches("a\uDC00")).isFalse();
		assertThat(ModelPattern.matches("\uD83D\uDE00")).isTrue();
	}

	@Test
	void shouldAgreeWithTheModelRegexWhenCheckingEveryBmpCharacter() {
		IntStream.rangeClosed(0, 0xFFFF)
			.mapToObj((c) -> "x" + (char) c)
			.forEach((value) -> assertThat(ModelPattern.matches(value)).as(value)
				.isEqualTo(MODEL.matcher(value).matches()));
	}

}
