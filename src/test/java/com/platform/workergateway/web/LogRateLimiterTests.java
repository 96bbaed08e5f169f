package com.platform.workergateway.web;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import com.platform.workergateway.web.LogRateLimiter.Decision;

import static org.assertj.core.api.Assertions.assertThat;

class LogRateLimiterTests {

	private final AtomicLong now = new AtomicLong();

	private final LogRateLimiter limiter = new LogRateLimiter(Duration.ofSeconds(10), this.now::get);

	@Test
	void shouldLetTheFirstEventOfAnIntervalThroughAndCountTheRest() {
		assertThat(this.limiter.admit("503")).isEqualTo(new Decision(true, 0));
		for (int i = 0; i < 41; i++) {
			this.now.addAndGet(Duration.ofMillis(200).toNanos());
			assertThat(this.limiter.admit("503").log()).isFalse();
		}

		this.now.addAndGet(Duration.ofSeconds(2).toNanos());

		assertThat(this.limiter.admit("503")).isEqualTo(new Decision(true, 41));
		assertThat(this.limiter.admit("503").log()).isFalse();
	}

	@Test
	void shouldLimitEachKeyOnItsOwn() {
		assertThat(this.limiter.admit("upstream-unavailable").log()).isTrue();

		assertThat(this.limiter.admit("upstream-timeout").log()).isTrue();
		assertThat(this.limiter.admit("upstream-unavailable").log()).isFalse();
	}

}
