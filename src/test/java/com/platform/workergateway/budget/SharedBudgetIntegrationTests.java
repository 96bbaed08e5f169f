package com.platform.workergateway.budget;

import java.time.Duration;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.platform.workergateway.support.RedisServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The shared store against a real {@code redis-server}: application contexts with the
 * budget's own wiring, spending from one Redis, falling back when it dies or hangs and
 * returning when it is back.
 */
class SharedBudgetIntegrationTests {

	private static final Duration COMMAND_TIMEOUT = Duration.ofMillis(500);

	private static final Duration PROBE_INTERVAL = Duration.ofMillis(500);

	/**
	 * Idle detection: one probe interval, then the probe's connect and command timeouts;
	 * recovery also waits for Lettuce's reconnect (at most 2 s apart).
	 */
	private static final Duration FALLBACK_BOUND = PROBE_INTERVAL.plus(Duration.ofSeconds(1))
		.plus(COMMAND_TIMEOUT)
		.plus(Duration.ofSeconds(1));

	private static final Duration RECOVERY_BOUND = PROBE_INTERVAL.plus(Duration.ofSeconds(2))
		.plus(Duration.ofSeconds(2));

	private static RedisServer redis;

	@BeforeAll
	static void startRedis() {
		redis = RedisServer.start();
	}

	@AfterAll
	static void stopRedis() {
		redis.close();
	}

	/**
	 * SetTaskStatus: 10 calls, then practically none (one per 1000 s).
	 * ReportTaskProgress: refills fast, to spend locally after a fallback.
	 */
	private ApplicationContextRunner gateway(String keyPrefix) {
		return new ApplicationContextRunner().withUserConfiguration(BudgetConfiguration.class, Meters.class)
			.withPropertyValues("worker-gateway.budget.redis.url=" + redis.url(),
					"worker-gateway.budget.redis.password=" + RedisServer.PASSWORD,
					"worker-gateway.budget.redis.key-prefix=" + keyPrefix,
					"worker-gateway.budget.redis.command-timeout=" + COMMAND_TIMEOUT.toMillis() + "ms",
					"worker-gateway.budget.redis.connect-timeout=500ms",
					"worker-gateway.budget.redis.probe-interval=" + PROBE_INTERVAL.toMillis() + "ms",
					"worker-gateway.budget.high-priority-max-wait=2s", "worker-gateway.budget.call-delay=0s",
					"worker-gateway.budget.account-limits.SetTaskStatus.per-second=0.001",
					"worker-gateway.budget.account-limits.SetTaskStatus.burst=10",
					"worker-gateway.budget.account-limits.ReportTaskProgress.per-second=50",
					"worker-gateway.budget.account-limits.ReportTaskProgress.burst=5");
	}

	@Test
	void shouldSpendOneAccountBucketFromTwoContexts() {
		String prefix = "test:" + UUID.randomUUID();
		gateway(prefix).run((first) -> gateway(prefix).run((second) -> {
			awaitStore(first, "shared");
			awaitStore(second, "shared");

			for (int i = 0; i < 6; i++) {
				expectGranted(first);
			}
			for (int i = 0; i < 4; i++) {
				expectGranted(second);
			}

			// Ten calls in all: each context alone would have had ten.
			expectRefused(second);
			expectRefused(first);
		}));
	}

	@Test
	void shouldKeepTheCallDelayOfRateOutOfTheSharedBucket() {
		new ApplicationContextRunner().withUserConfiguration(BudgetConfiguration.class, Meters.class)
			.withPropertyValues("worker-gateway.budget.redis.url=" + redis.url(),
					"worker-gateway.budget.redis.password=" + RedisServer.PASSWORD,
					"worker-gateway.budget.redis.key-prefix=test:" + UUID.randomUUID(),
					// 200 s at 0.01/s: 2 of the burst of 10 (and no refill during the
					// test).
					"worker-gateway.budget.call-delay=200s",
					"worker-gateway.budget.account-limits.SetTaskStatus.per-second=0.01",
					"worker-gateway.budget.account-limits.SetTaskStatus.burst=10")
			.run((context) -> {
				awaitStore(context, "shared");

				for (int i = 0; i < 8; i++) {
					expectGranted(context);
				}
				expectRefused(context);
			});
	}

	@Test
	void shouldKeepTheReserveForHighPriorityInTheSharedBucket() {
		gateway("test:" + UUID.randomUUID()).run((context) -> {
			awaitStore(context, "shared");
			UpstreamBudget budget = context.getBean(UpstreamBudget.class);

			// burst 10, reserve 20 %: 8 low-priority calls, then only high priority.
			for (int i = 0; i < 8; i++) {
				StepVerifier.create(budget.acquire(UpstreamOperation.SET_TASK_STATUS, Priority.LOW))
					.expectComplete()
					.verify(Duration.ofSeconds(5));
			}
			StepVerifier.create(budget.acquire(UpstreamOperation.SET_TASK_STATUS, Priority.LOW))
				.expectError(BudgetExceededException.class)
				.verify(Duration.ofSeconds(5));
			expectGranted(context);
			expectGranted(context);
			expectRefused(context);
		});
	}

	@Test
	void shouldFallBackWithinTheBoundWhenRedisDiesAndReturnWhenItIsBack() {
		gateway("test:" + UUID.randomUUID()).run((context) -> {
			awaitStore(context, "shared");
			UpstreamBudget budget = context.getBean(UpstreamBudget.class);

			redis.kill();
			try {
				// A request meanwhile is served from the local share, never failed.
				StepVerifier.create(budget.acquire(UpstreamOperation.REPORT_TASK_PROGRESS, Priority.HIGH))
					.expectComplete()
					.verify(COMMAND_TIMEOUT.plus(Duration.ofSeconds(1)));
				awaitStore(context, "local-fallback", FALLBACK_BOUND);
				assertThat(gauge(context, "worker.gateway.budget.fallback")).isEqualTo(1);
			}
			finally {
				redis.restart();
			}

			awaitStore(context, "shared", RECOVERY_BOUND);
			assertThat(gauge(context, "worker.gateway.budget.fallback")).isZero();
			// Redis came back empty: the new bucket starts empty, not with a burst the
			// account may no longer have.
			expectRefused(context);
		});
	}

	@Test
	void shouldNotWaitOnAHungRedisBeyondItsTimeout() {
		gateway("test:" + UUID.randomUUID()).run((context) -> {
			awaitStore(context, "shared");
			UpstreamBudget budget = context.getBean(UpstreamBudget.class);

			redis.freeze();
			try {
				long start = System.nanoTime();
				StepVerifier.create(budget.acquire(UpstreamOperation.REPORT_TASK_PROGRESS, Priority.HIGH))
					.expectComplete()
					.verify(Duration.ofSeconds(5));
				Duration waited = Duration.ofNanos(System.nanoTime() - start);

				// The timeout, plus the local bucket's own refill wait (20 ms) and slack.
				assertThat(waited).isLessThan(COMMAND_TIMEOUT.plus(Duration.ofMillis(400)));
				assertThat(store(context)).isEqualTo("local-fallback");
				// Later requests do not touch Redis at all.
				start = System.nanoTime();
				StepVerifier.create(budget.acquire(UpstreamOperation.REPORT_TASK_PROGRESS, Priority.HIGH))
					.expectComplete()
					.verify(Duration.ofSeconds(5));
				assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(COMMAND_TIMEOUT);
			}
			finally {
				redis.thaw();
			}
			awaitStore(context, "shared", RECOVERY_BOUND);
		});
	}

	private static void expectGranted(AssertableApplicationContext context) {
		StepVerifier
			.create(context.getBean(UpstreamBudget.class).acquire(UpstreamOperation.SET_TASK_STATUS, Priority.HIGH))
			.expectComplete()
			.verify(Duration.ofSeconds(5));
	}

	private static void expectRefused(AssertableApplicationContext context) {
		StepVerifier
			.create(context.getBean(UpstreamBudget.class).acquire(UpstreamOperation.SET_TASK_STATUS, Priority.HIGH))
			.expectError(BudgetExceededException.class)
			.verify(Duration.ofSeconds(5));
	}

	private static void awaitStore(AssertableApplicationContext context, String store) {
		awaitStore(context, store, Duration.ofSeconds(10));
	}

	private static void awaitStore(AssertableApplicationContext context, String store, Duration bound) {
		await().atMost(bound).pollInterval(Duration.ofMillis(20)).until(() -> store(context).equals(store));
	}

	private static String store(AssertableApplicationContext context) {
		Health health = context.getBean(BudgetHealthIndicator.class).health();
		return (String) health.getDetails().get("store");
	}

	private static double gauge(AssertableApplicationContext context, String name) {
		return context.getBean(MeterRegistry.class).get(name).gauge().value();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(BudgetProperties.class)
	static class Meters {

		@Bean
		MeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

	}

}
