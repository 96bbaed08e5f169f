package com.platform.workergateway.budget;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The account's Data Pipeline API budget, as the gateway's replicas spend it.
 * <p>
 * Each operation has a token bucket of the account's documented rate and burst. With
 * {@code redis} configured the bucket lives in Redis and every replica spends from it;
 * otherwise (and while Redis fails) each replica keeps a local bucket of the account's
 * limits divided by the number of replicas running, which {@code peers} finds out, so the
 * replicas together never get the account throttled. Other callers on the same account
 * (the console, the CLI, other task runners) share the same limits: lower
 * {@code accountLimits} to leave them room.
 *
 * @param enabled whether the budget is enforced
 * @param replicas replicas sharing the account when {@code peers.dns-name} is not set (a
 * fixed deployment), and the count assumed until the first DNS answer
 * @param highPriorityMaxWait longest a status report, first acknowledgement or poll waits
 * for budget before it is refused with 429
 * @param pollMaxWait longest an upstream poll waits for budget (its workers wait anyway)
 * @param reserve share of each bucket kept for high-priority calls
 * @param callDelay longest a call takes from its token to the service (the SDK's
 * pipeline, a pooled connection, the network): each bucket holds that many seconds of
 * rate fewer than the account's burst (see {@link #bucketCapacity})
 * @param accountLimits account limits per operation ({@code PollForTask},
 * {@code ReportTaskProgress}, {@code SetTaskStatus}, {@code ReportTaskRunnerHeartbeat}),
 * when they differ from the documented ones
 * @param peers how a replica counts the replicas running, for its local share
 * @param redis the shared store; off unless {@code url} is set
 */
@Validated
@ConfigurationProperties(prefix = "worker-gateway.budget", ignoreUnknownFields = false)
public record BudgetProperties(@DefaultValue("true") boolean enabled, @DefaultValue("1") @Min(1) int replicas,
		@DefaultValue("5s") Duration highPriorityMaxWait, @DefaultValue("30s") Duration pollMaxWait,
		@DefaultValue("0.2") @DecimalMin("0") @DecimalMax("0.9") double reserve, @DefaultValue("3s") Duration callDelay,
		@Nullable Map<String, Limit> accountLimits, @DefaultValue @Valid Peers peers,
		@DefaultValue @Valid Redis redis) {

	@ConstructorBinding
	public BudgetProperties {
	}

	/**
	 * Local buckets only, a fixed replica count, buckets of the account's whole burst (no
	 * call delay).
	 */
	public BudgetProperties(boolean enabled, int replicas, Duration highPriorityMaxWait, Duration pollMaxWait,
			double reserve, @Nullable Map<String, Limit> accountLimits) {
		this(enabled, replicas, highPriorityMaxWait, pollMaxWait, reserve, Duration.ZERO, accountLimits,
				new Peers(null, Duration.ofSeconds(5), Duration.ofSeconds(2), null),
				new Redis(null, null, null, null, Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(2)));
	}

	double accountRate(UpstreamOperation operation) {
		Limit limit = limit(operation);
		return (limit != null) ? limit.perSecond() : operation.accountRate();
	}

	int accountBurst(UpstreamOperation operation) {
		Limit limit = limit(operation);
		return (limit != null) ? limit.burst() : operation.accountBurst();
	}

	/**
	 * What a bucket of the gateway may hold: the account's burst less {@code callDelay}
	 * of its rate. A call reaches the service a little after it took its token; while the
	 * service's bucket is full, the refill of that delay is lost there but not in ours,
	 * which would then let a call through for a token the service no longer has (seen as
	 * one throttled call at the end of a burst when the first calls of a cold gateway
	 * took 1.2 s). A bucket that much smaller admits only calls that, each delayed by up
	 * to {@code callDelay}, still fit the service's bucket, whatever their order. It
	 * costs burst, never rate: 6 of PollForTask's 100 at the default 3 s.
	 */
	int bucketCapacity(UpstreamOperation operation) {
		long delayed = (long) Math.ceil(accountRate(operation) * this.callDelay.toNanos() / 1e9);
		return (int) Math.max(1, accountBurst(operation) - delayed);
	}

	private @Nullable Limit limit(UpstreamOperation operation) {
		return (this.accountLimits != null) ? this.accountLimits.get(operation.awsName()) : null;
	}

	/**
	 * A request never waits on Redis for long: its timeout must stay far below the
	 * budget's own waits, so a dead Redis costs a request at most that timeout.
	 */
	@AssertTrue(message = "redis.command-timeout must be at most a quarter of high-priority-max-wait")
	boolean isRedisTimeoutFarBelowBudgetWait() {
		return this.redis.commandTimeout().multipliedBy(4).compareTo(this.highPriorityMaxWait) <= 0;
	}

	/**
	 * An account limit.
	 *
	 * @param perSecond sustained calls per second
	 * @param burst calls that can be spent at once after a quiet period
	 */
	public record Limit(@DecimalMin("0.001") double perSecond, @Min(1) int burst) {

	}

	/**
	 * How a replica counts the replicas running.
	 *
	 * @param dnsName a name with one address per running replica, e.g. a Kubernetes
	 * headless Service that publishes not-ready addresses; unset: {@code replicas} is
	 * fixed
	 * @param refreshInterval how often the name is resolved
	 * @param queryTimeout how long one resolution may take
	 * @param nameServers DNS servers ({@code host:port}) to ask instead of those of
	 * {@code /etc/resolv.conf}
	 */
	public record Peers(@Nullable String dnsName, @DefaultValue("5s") Duration refreshInterval,
			@DefaultValue("2s") Duration queryTimeout, @Nullable List<String> nameServers) {

	}

	/**
	 * The shared store on Redis.
	 *
	 * @param url {@code redis://host:6379} or {@code rediss://host:6379} (TLS); unset: no
	 * shared store
	 * @param username ACL user, when not the default one
	 * @param password password (from a Secret, never in the URL)
	 * @param keyPrefix prefix of the bucket keys, naming the account and region, e.g.
	 * {@code dp-budget:123456789012:us-east-1}: every gateway of one account and region
	 * must use the same, different accounts must not
	 * @param commandTimeout longest a request waits for Redis before its replica falls
	 * back to its local share
	 * @param connectTimeout TCP (and TLS) connect timeout
	 * @param probeInterval how often Redis is checked, to fall back when it fails while
	 * idle and to return to it when it recovers
	 */
	public record Redis(@Nullable URI url, @Nullable String username, @Nullable String password,
			@Nullable String keyPrefix, @DefaultValue("500ms") Duration commandTimeout,
			@DefaultValue("1s") Duration connectTimeout, @DefaultValue("2s") Duration probeInterval) {

		@AssertTrue(message = "key-prefix is required with a Redis url (it names the account and region)")
		boolean isKeyPrefixSetWithUrl() {
			return this.url == null || (this.keyPrefix != null && !this.keyPrefix.isBlank());
		}

		@AssertTrue(message = "url must be redis:// or rediss://")
		boolean isRedisScheme() {
			return this.url == null || "redis".equals(this.url.getScheme()) || "rediss".equals(this.url.getScheme());
		}

	}

}
