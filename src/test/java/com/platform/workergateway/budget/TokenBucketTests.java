package com.platform.workergateway.budget;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TokenBucketTests {

	private final AtomicLong now = new AtomicLong();

	private final TokenBucket bucket = new TokenBucket(10, 10, 2, this.now::get);

	@Test
	void shouldSpendBurstThenMakeHighPriorityWaitForRefill() {
		for (int i = 0; i < 10; i++) {
			assertThat(this.bucket.take(Priority.HIGH, Duration.ofSeconds(1))).isZero();
		}

		assertThat(this.bucket.take(Priority.HIGH, Duration.ofSeconds(1))).isEqualTo(Duration.ofMillis(100));
		assertThat(this.bucket.take(Priority.HIGH, Duration.ofSeconds(1))).isEqualTo(Duration.ofMillis(200));
	}

	@Test
	void shouldRefuseHighPriorityBeyondItsMaximumWait() {
		for (int i = 0; i < 10; i++) {
			this.bucket.take(Priority.HIGH, Duration.ZERO);
		}

		assertThat(this.bucket.take(Priority.HIGH, Duration.ofMillis(50))).isEqualTo(Duration.ofMillis(-100));
		assertThat(this.bucket.take(Priority.HIGH, Duration.ofMillis(100))).isEqualTo(Duration.ofMillis(100));
	}

	@Test
	void shouldKeepReserveFromLowPriority() {
		for (int i = 0; i < 8; i++) {
			assertThat(this.bucket.take(Priority.LOW, Duration.ZERO)).isZero();
		}

		assertThat(this.bucket.take(Priority.LOW, Duration.ZERO)).isNegative();
		assertThat(this.bucket.take(Priority.HIGH, Duration.ZERO)).isZero();
		assertThat(this.bucket.take(Priority.HIGH, Duration.ZERO)).isZero();
	}

	@Test
	void shouldRefillAtTheConfiguredRateUpToCapacity() {
		for (int i = 0; i < 10; i++) {
			this.bucket.take(Priority.HIGH, Duration.ZERO);
		}

		this.now.addAndGet(Duration.ofSeconds(60).toNanos());

		int taken = 0;
		while (this.bucket.take(Priority.HIGH, Duration.ZERO).isZero()) {
			taken++;
		}
		assertThat(taken).isEqualTo(10);
	}

}
