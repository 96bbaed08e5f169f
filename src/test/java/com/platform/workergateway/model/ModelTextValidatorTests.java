package com.platform.workergateway.model;

import java.util.Set;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class ModelTextValidatorTests {

	private final Validator validator = Validation.buildDefaultValidatorFactory().getValidator();

	record Bounded(@ModelText(min = 1, max = 4) String value) {
	}

	@ParameterizedTest
	@ValueSource(strings = { "a", "abcd", "tab\t", "\r\n", "\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00", "\uE000",
			"\uFFFD" })
	void shouldAcceptModelCharactersCountingCodePoints(String value) {
		assertThat(this.validator.validate(new Bounded(value))).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "abcde", "\u0000", "a\u0001", "\u001F", "\uD800", "x\uDC00", "\uFFFE", "\uFFFF" })
	void shouldRefuseWhatTheModelRefuses(String value) {
		Set<ConstraintViolation<Bounded>> violations = this.validator.validate(new Bounded(value));

		assertThat(violations).hasSize(1);
	}

}
