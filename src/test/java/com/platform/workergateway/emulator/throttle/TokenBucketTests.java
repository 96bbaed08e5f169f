package com.platform.workergateway.emulator.throttle;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TokenBucketTests {

	private final AtomicLong nanos = new AtomicLong(1_000);

	@Test
	void shouldAllowTheBurstThenThrottleWhenCallsArriveAtOnce() {
		TokenBucket bucket = new TokenBucket(new RateLimit(2, 100), this.nanos::get);

		assertThat(IntStream.range(0, 100).allMatch((i) -> bucket.tryAcquire())).isTrue();
		assertThat(bucket.tryAcquire()).isFalse();
	}

	@Test
	void shouldRefillAtTheRateWhenTimePasses() {
		TokenBucket bucket = new TokenBucket(new RateLimit(2, 100), this.nanos::get);
		IntStream.range(0, 100).forEach((i) -> bucket.tryAcquire());

		advance(499);
		assertThat(bucket.tryAcquire()).isFalse();
		advance(1);
		assertThat(bucket.tryAcquire()).isTrue();
		assertThat(bucket.tryAcquire()).isFalse();
		advance(1000);
		assertThat(bucket.tryAcquire()).isTrue();
		assertThat(bucket.tryAcquire()).isTrue();
		assertThat(bucket.tryAcquire()).isFalse();
	}

	@Test
	void shouldNotSaveUpMoreThanTheBurstWhenIdleLong() {
		TokenBucket bucket = new TokenBucket(new RateLimit(10, 5), this.nanos::get);

		advance(3_600_000);

		assertThat(IntStream.range(0, 6).filter((i) -> bucket.tryAcquire()).count()).isEqualTo(5);
	}

	@Test
	void shouldLimitEachOperationOnItsOwnWhenSeveralAreConfigured() {
		AccountRateLimits limits = new AccountRateLimits(
				Map.of("PollForTask", new RateLimit(0, 1), "SetTaskStatus", new RateLimit(0, 2)), this.nanos::get);

		assertThat(limits.tryAcquire("PollForTask")).isTrue();
		assertThat(limits.tryAcquire("PollForTask")).isFalse();
		assertThat(limits.tryAcquire("SetTaskStatus")).isTrue();
		assertThat(limits.tryAcquire("ReportTaskRunnerHeartbeat")).isTrue();
		limits.reset();
		assertThat(limits.tryAcquire("PollForTask")).isTrue();
	}

	@Test
	void shouldRefuseNonsenseLimits() {
		assertThatIllegalArgumentException().isThrownBy(() -> new RateLimit(-1, 10));
		assertThatIllegalArgumentException().isThrownBy(() -> new RateLimit(1, 0));
	}

	private void advance(long millis) {
		this.nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
	}

}
