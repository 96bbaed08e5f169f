package com.platform.workergateway.budget;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway's buckets hold the account's burst less {@code call-delay} of its rate, so
 * that calls reaching the service up to that much later than they took their tokens are
 * never throttled there.
 */
class CallDelayTests {

	private static final Duration CALL_DELAY = Duration.ofSeconds(2);

	@Test
	void shouldTakeTheCallDelayOfRateFromTheBurst() {
		BudgetProperties properties = properties(CALL_DELAY, Map.of());

		assertThat(properties.bucketCapacity(UpstreamOperation.POLL_FOR_TASK)).isEqualTo(96);
		assertThat(properties.bucketCapacity(UpstreamOperation.SET_TASK_STATUS)).isEqualTo(80);
		assertThat(properties.bucketCapacity(UpstreamOperation.REPORT_TASK_RUNNER_HEARTBEAT)).isEqualTo(98);
	}

	@Test
	void shouldRoundTheDelayUpAndKeepOneToken() {
		BudgetProperties properties = properties(CALL_DELAY, Map.of("PollForTask", new BudgetProperties.Limit(0.1, 10),
				"SetTaskStatus", new BudgetProperties.Limit(10, 5)));

		assertThat(properties.bucketCapacity(UpstreamOperation.POLL_FOR_TASK)).isEqualTo(9);
		assertThat(properties.bucketCapacity(UpstreamOperation.SET_TASK_STATUS)).isEqualTo(1);
	}

	@Test
	void shouldGetNoCallThrottledWhenCallsArriveUpToTheCallDelayLate() {
		assertThat(throttledAtTheService(CALL_DELAY, CALL_DELAY)).isZero();
	}

	@Test
	void shouldGetCallsThrottledWithoutTheAllowance() {
		// The same callers and delays against buckets of the whole burst: what the
		// allowance is for.
		assertThat(throttledAtTheService(Duration.ZERO, CALL_DELAY)).isPositive();
	}

	/**
	 * Callers take PollForTask tokens from this replica's bucket at random times, three
	 * times faster than the account's rate, and call when granted; each call reaches the
	 * service up to {@code maxLateness} later, in any order. The service's bucket has the
	 * account's limits and starts full, as the gateway's does.
	 * @return calls the service throttled
	 */
	private static int throttledAtTheService(Duration callDelay, Duration maxLateness) {
		AtomicLong now = new AtomicLong();
		LocalBudgetStore gateway = new LocalBudgetStore(properties(callDelay, Map.of()), 1, now::get);
		Random random = new Random(42);
		List<Long> arrivals = new ArrayList<>();
		long takenAt = 0;
		for (int call = 0; call < 600; call++) {
			takenAt += (long) (random.nextDouble() * 2 * Duration.ofMillis(167).toNanos());
			now.set(takenAt);
			Duration wait = gateway.take(UpstreamOperation.POLL_FOR_TASK, Priority.HIGH, Duration.ofHours(1)).block();
			assertThat(wait.isNegative()).isFalse();
			// The first calls of a cold gateway are the slowest; later ones vary.
			long lateness = (call < 6) ? maxLateness.toNanos() : (long) (random.nextDouble() * maxLateness.toNanos());
			arrivals.add(takenAt + wait.toNanos() + lateness);
		}
		AtomicLong serviceClock = new AtomicLong();
		TokenBucket service = new TokenBucket(2, 100, 0, serviceClock::get);
		int throttled = 0;
		for (long arrival : arrivals.stream().sorted().toList()) {
			serviceClock.set(arrival);
			if (!service.take(Priority.HIGH, Duration.ZERO).isZero()) {
				throttled++;
			}
		}
		return throttled;
	}

	private static BudgetProperties properties(Duration callDelay, Map<String, BudgetProperties.Limit> limits) {
		return new BudgetProperties(true, 1, Duration.ofSeconds(5), Duration.ofSeconds(30), 0.2, callDelay, limits,
				new BudgetProperties.Peers(null, Duration.ofSeconds(5), Duration.ofSeconds(2), null),
				new BudgetProperties.Redis(null, null, null, null, Duration.ofMillis(500), Duration.ofSeconds(1),
						Duration.ofSeconds(2)));
	}

}
