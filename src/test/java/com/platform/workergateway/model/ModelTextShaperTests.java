package com.platform.workergateway.model;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ModelTextShaperTests {

	@Test
	void shouldKeepTextThatFits() {
		assertThat(ModelTextShaper.shape("boom\n\tat x", 1024)).isEqualTo("boom\n\tat x");
		assertThat(ModelTextShaper.shape(null, 1024)).isNull();
	}

	@Test
	void shouldReplaceCharactersOutsideTheModel() {
		assertThat(ModelTextShaper.shape("a\u0001b\u001b[31m\uD800c", 1024)).isEqualTo("a\uFFFDb\uFFFD[31m\uFFFDc");
	}

	@Test
	void shouldKeepTheHeadAndMarkTheCutWithinTheMaximum() {
		String shaped = ModelTextShaper.shape("x".repeat(5000), 1024);

		assertThat(shaped).hasSize(1024).startsWith("xxx").endsWith("\n[truncated 5000 characters to 1024]");
	}

	@Test
	void shouldCountCodePointsNotChars() {
		String emoji = "\uD83D\uDE00";

		assertThat(ModelTextShaper.shape(emoji.repeat(4), 4)).isEqualTo(emoji.repeat(4));
	}

}
