package com.platform.workergateway.task;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class TaskTokenCodecTests {

	private final TaskTokenCodec codec = new TaskTokenCodec();

	@Test
	void shouldRoundTripGroupAndTaskIdAsUrlSafeToken() {
		TaskToken token = new TaskToken("wg-\u00e9", "task/with+odd=chars");

		String encoded = this.codec.encode(token);

		assertThat(encoded).matches("[A-Za-z0-9._-]+");
		assertThat(this.codec.decode(encoded)).contains(token);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "v0.", "v0.!!!", "v1.abc", "v0.d2c", "v0.Cg" })
	void shouldRefuseMalformedTokens(String encoded) {
		assertThat(this.codec.decode(encoded)).isEmpty();
	}

}
