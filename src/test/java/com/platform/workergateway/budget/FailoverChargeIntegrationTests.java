package com.platform.workergateway.budget;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import com.platform.workergateway.support.RedisServer;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.scheduler.Schedulers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Calls granted with a wait by one store go out after a switch to the other, which is
 * charged for them. Against a real redis-server; the local buckets and the grants run on
 * a virtual clock, so the local waits are exact (Redis keeps its own clock).
 */
class FailoverChargeIntegrationTests {

	private static final Duration ONE_SECOND = Duration.ofSeconds(1);

	private static RedisServer redis;

	private final AtomicLong now = new AtomicLong();

	private RedisClient client;

	private FailoverBudgetStore store;

	private Disposable probing;

	@BeforeAll
	static void startRedis() {
		redis = RedisServer.start();
	}

	@AfterAll
	static void stopRedis() {
		redis.close();
	}

	/** SetTaskStatus at 1/s with a burst of 2, one replica. */
	@BeforeEach
	void connect() {
		BudgetProperties properties = new BudgetProperties(true, 1, Duration.ofSeconds(5), Duration.ofSeconds(30), 0,
				Duration.ZERO, Map.of("SetTaskStatus", new BudgetProperties.Limit(1, 2)),
				new BudgetProperties.Peers(null, Duration.ofSeconds(5), Duration.ofSeconds(2), null),
				new BudgetProperties.Redis(URI.create(redis.url()), null, RedisServer.PASSWORD,
						"test:" + UUID.randomUUID(), Duration.ofMillis(300), Duration.ofMillis(300),
						Duration.ofMillis(50)));
		this.client = RedisClient.create();
		this.client.setOptions(ClientOptions.builder()
			.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
			.build());
		RedisURI uri = RedisURI.create(redis.url());
		uri.setPassword(RedisServer.PASSWORD.toCharArray());
		RedisBudgetStore shared = new RedisBudgetStore(properties, this.client, uri, Schedulers.parallel(),
				this.now::get);
		this.store = new FailoverBudgetStore(shared, new LocalBudgetStore(properties, 1, this.now::get),
				Duration.ofMillis(50), Schedulers.parallel(), this.now::get, new SimpleMeterRegistry());
		this.probing = this.store.start();
		awaitShared();
	}

	@AfterEach
	void close() {
		this.probing.dispose();
		this.client.shutdown();
	}

	@Test
	void shouldStartTheFallbackBelowEmptyByTheSharedGrantsStillToGoOut() {
		take();
		take();
		// The burst is spent: Redis grants the third call with a wait of about a second.
		assertThat(take()).isPositive();

		redis.kill();
		try {
			// The fallback starts at -1 (that call will still go out), so at 1/s the next
			// token is 2 s away, not 1 s.
			assertThat(take()).isEqualTo(Duration.ofSeconds(2));
		}
		finally {
			redis.restart();
		}
	}

	@Test
	void shouldChargeRedisForTheLocalGrantsStillToGoOutOnTheWayBack() {
		redis.kill();
		try {
			// Entering the fallback empties the local bucket: each call waits for refill.
			assertThat(take()).isEqualTo(ONE_SECOND);
			assertThat(take()).isEqualTo(Duration.ofSeconds(2));
		}
		finally {
			redis.restart();
		}
		awaitShared();

		// Redis lost its data: the bucket is created empty, then charged for the two
		// calls still to go out, so the next token is about 3 s away, not 1 s.
		assertThat(take()).isGreaterThan(Duration.ofMillis(2500)).isLessThanOrEqualTo(Duration.ofSeconds(3));
	}

	private Duration take() {
		Duration wait = this.store.take(UpstreamOperation.SET_TASK_STATUS, Priority.HIGH, Duration.ofSeconds(10))
			.block(Duration.ofSeconds(5));
		assertThat(wait).isNotNull();
		return wait;
	}

	private void awaitShared() {
		await().atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> !this.store.onFallback());
	}

}
