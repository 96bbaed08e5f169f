package com.platform.workergateway.budget;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.Disposable;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the account budget: local buckets sized by the replicas running, and the shared
 * store on Redis when {@code worker-gateway.budget.redis.url} is set.
 */
@Configuration(proxyBeanMethods = false)
class BudgetConfiguration {

	private static final LongSupplier NANO_TIME = System::nanoTime;

	@Bean
	LocalBudgetStore localBudgetStore(BudgetProperties properties, MeterRegistry meters) {
		LocalBudgetStore local = new LocalBudgetStore(properties, properties.replicas(), NANO_TIME);
		Gauge.builder("worker.gateway.budget.replicas", local, LocalBudgetStore::replicas)
			.description("Replicas this one assumes share the account (its local share is 1/replicas)")
			.register(meters);
		return local;
	}

	@Bean
	UpstreamBudget upstreamBudget(BudgetProperties properties, LocalBudgetStore local,
			ObjectProvider<FailoverBudgetStore> failover, MeterRegistry meters) {
		BudgetStore store = failover.getIfAvailable();
		return new UpstreamBudget(properties, (store != null) ? store : local, meters, Schedulers.parallel());
	}

	@Bean
	BudgetHealthIndicator budgetHealthIndicator(LocalBudgetStore local, ObjectProvider<FailoverBudgetStore> failover) {
		return new BudgetHealthIndicator(local, failover.getIfAvailable());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = "worker-gateway.budget.peers.dns-name")
	static class PeerCountConfiguration {

		@Bean(destroyMethod = "close")
		DnsReplicaCount dnsReplicaCount(BudgetProperties properties, LocalBudgetStore local) {
			return new DnsReplicaCount(properties.peers(), DnsReplicaCount.ownAddresses(), Schedulers.parallel(),
					local::replicasChanged);
		}

		@Bean(destroyMethod = "dispose")
		Disposable dnsReplicaCountRefresh(DnsReplicaCount count) {
			return count.start();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = "worker-gateway.budget.redis.url")
	static class SharedStoreConfiguration {

		@Bean(destroyMethod = "shutdown")
		ClientResources budgetRedisResources() {
			// Few threads: one connection. Reconnect quickly so the replica returns to
			// the shared store soon after Redis does.
			return ClientResources.builder()
				.ioThreadPoolSize(2)
				.computationThreadPoolSize(2)
				.reconnectDelay(Delay.exponential(java.time.Duration.ofMillis(100), java.time.Duration.ofSeconds(2), 2,
						java.util.concurrent.TimeUnit.MILLISECONDS))
				.build();
		}

		@Bean(destroyMethod = "shutdown")
		RedisClient budgetRedisClient(BudgetProperties properties, ClientResources resources) {
			BudgetProperties.Redis redis = properties.redis();
			RedisClient client = RedisClient.create(resources);
			client.setOptions(ClientOptions.builder()
				.autoReconnect(true)
				// Refused at once while reconnecting, never queued: the request falls
				// back.
				.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
				// Answers on Lettuce's computation thread, not its I/O loop.
				.publishOnScheduler(true)
				.socketOptions(SocketOptions.builder().connectTimeout(redis.connectTimeout()).keepAlive(true).build())
				.timeoutOptions(TimeoutOptions.enabled(redis.commandTimeout()))
				.build());
			return client;
		}

		@Bean
		RedisBudgetStore redisBudgetStore(BudgetProperties properties, RedisClient client) {
			return new RedisBudgetStore(properties, client, redisUri(properties.redis()), Schedulers.parallel(),
					NANO_TIME);
		}

		@Bean
		FailoverBudgetStore failoverBudgetStore(BudgetProperties properties, RedisBudgetStore shared,
				LocalBudgetStore local, MeterRegistry meters) {
			return new FailoverBudgetStore(shared, local, properties.redis().probeInterval(), Schedulers.parallel(),
					NANO_TIME, meters);
		}

		@Bean(destroyMethod = "dispose")
		Disposable failoverBudgetStoreProbe(FailoverBudgetStore failover) {
			return failover.start();
		}

		private static RedisURI redisUri(BudgetProperties.Redis redis) {
			RedisURI uri = RedisURI.create(redis.url());
			uri.setTimeout(redis.commandTimeout());
			if (redis.password() != null && !redis.password().isEmpty()) {
				if (redis.username() != null && !redis.username().isEmpty()) {
					uri.setUsername(redis.username());
				}
				uri.setPassword(redis.password().toCharArray());
			}
			return uri;
		}

	}

}
