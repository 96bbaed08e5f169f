package com.platform.workergateway.poll;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class WaitPolicyTests {

	private final WaitPolicy policy = new WaitPolicy(new PollProperties(Duration.ofSeconds(45), Duration.ofSeconds(5),
			Duration.ofSeconds(60), Duration.ofSeconds(5)));

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			wait=10                 | 10
			WAIT=7                  | 7
			respond-async, wait=20  | 20
			wait="15"               | 15
			wait=0                  | 0
			wait=600                | 60
			""")
	void shouldApplyPreferredWaitCappedAtMaximum(String prefer, long expectedSeconds) {
		WaitPolicy.Wait wait = this.policy.decide(List.of(prefer));

		assertThat(wait.preferenceApplied()).isTrue();
		assertThat(wait.duration()).isEqualTo(Duration.ofSeconds(expectedSeconds));
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			wait=soon
			wait=-1
			respond-async
			wait=
			""")
	void shouldIgnoreUnreadablePreferences(String prefer) {
		WaitPolicy.Wait wait = this.policy.decide(List.of(prefer));

		assertThat(wait.preferenceApplied()).isFalse();
	}

	@Test
	void shouldJitterDefaultWaitWithinBounds() {
		for (int i = 0; i < 200; i++) {
			WaitPolicy.Wait wait = this.policy.decide(null);

			assertThat(wait.preferenceApplied()).isFalse();
			assertThat(wait.duration()).isBetween(Duration.ofSeconds(45), Duration.ofSeconds(50));
		}
	}

}
