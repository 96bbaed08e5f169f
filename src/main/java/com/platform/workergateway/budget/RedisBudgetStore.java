package com.platform.workergateway.budget;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * The account's buckets in Redis, shared by every replica: each take is one Lua script
 * ({@code budget-take.lua}), which Redis runs atomically, on Redis's clock. One
 * connection, pipelined; every command is bounded by the command timeout.
 */
final class RedisBudgetStore implements BudgetStore {

	private static final String SCRIPT = script();

	private static final String SCRIPT_SHA = sha1(SCRIPT);

	private static final long NEVER = Long.MIN_VALUE;

	// The script's modes (budget-take.lua, ARGV[4]).
	private static final String HIGH = "0";

	private static final String LOW = "1";

	private static final String CHARGE = "2";

	private final BudgetProperties properties;

	private final RedisClient client;

	private final RedisURI uri;

	private final Scheduler timer;

	private final LongSupplier nanoTime;

	private final AtomicReference<@Nullable StatefulRedisConnection<String, String>> connection = new AtomicReference<>();

	private final AtomicLong failedAt = new AtomicLong(NEVER);

	RedisBudgetStore(BudgetProperties properties, RedisClient client, RedisURI uri, Scheduler timer,
			LongSupplier nanoTime) {
		this.properties = properties;
		this.client = client;
		this.uri = uri;
		this.timer = timer;
		this.nanoTime = nanoTime;
	}

	@Override
	public Mono<Duration> take(UpstreamOperation operation, Priority priority, Duration maxWait) {
		return run(operation, (priority == Priority.LOW) ? LOW : HIGH, maxWait, 1);
	}

	/**
	 * Takes {@code calls} tokens whatever the bucket holds: calls granted elsewhere that
	 * will go out anyway.
	 */
	Mono<Void> charge(UpstreamOperation operation, int calls) {
		return run(operation, CHARGE, Duration.ZERO, calls).then();
	}

	private Mono<Duration> run(UpstreamOperation operation, String mode, Duration maxWait, int tokens) {
		return Mono.defer(() -> {
			StatefulRedisConnection<String, String> open = openConnection();
			if (open == null) {
				return Mono.error(new RedisConnectionException("Not connected to " + describe()));
			}
			String[] keys = { key(operation) };
			String[] args = arguments(operation, mode, maxWait, tokens);
			return open.reactive()
				.<Long>evalsha(SCRIPT_SHA, ScriptOutputType.INTEGER, keys, args)
				// Redis forgets its scripts when it restarts: send the script itself
				// then.
				.onErrorResume(RedisNoScriptException.class,
						(missing) -> open.reactive().eval(SCRIPT, ScriptOutputType.INTEGER, keys, args))
				.next()
				.map((micros) -> Duration.ofNanos(micros * 1000))
				.timeout(this.properties.redis().commandTimeout(), this.timer);
		}).doOnError((failure) -> failed());
	}

	/**
	 * Checks that Redis answers, connecting first when there is no connection.
	 */
	Mono<Void> probe() {
		return Mono.defer(() -> {
			StatefulRedisConnection<String, String> open = openConnection();
			Mono<StatefulRedisConnection<String, String>> connected = (open != null) ? Mono.just(open) : connect();
			// Loading the script proves Redis answers and spares the next take a
			// NOSCRIPT.
			return connected.flatMap((c) -> c.reactive().scriptLoad(SCRIPT)).then();
		})
			.timeout(this.properties.redis().connectTimeout().plus(this.properties.redis().commandTimeout()),
					this.timer)
			.doOnError((failure) -> failed());
	}

	/** Where Redis is, without credentials. */
	String describe() {
		return (this.uri.isSsl() ? "rediss://" : "redis://") + this.uri.getHost() + ":" + this.uri.getPort();
	}

	private @Nullable StatefulRedisConnection<String, String> openConnection() {
		StatefulRedisConnection<String, String> current = this.connection.get();
		return (current != null && current.isOpen()) ? current : null;
	}

	/**
	 * Connects once; after that Lettuce reconnects by itself. A connection that is not
	 * open is being reconnected: commands are refused at once meanwhile, not queued.
	 */
	private Mono<StatefulRedisConnection<String, String>> connect() {
		if (this.connection.get() != null) {
			return Mono.error(new RedisConnectionException("Reconnecting to " + describe()));
		}
		return Mono.fromCompletionStage(() -> this.client.connectAsync(StringCodec.UTF8, this.uri))
			.doOnNext((opened) -> {
				if (!this.connection.compareAndSet(null, opened)) {
					opened.closeAsync();
				}
			});
	}

	private String key(UpstreamOperation operation) {
		return this.properties.redis().keyPrefix() + ":" + operation.awsName();
	}

	private String[] arguments(UpstreamOperation operation, String mode, Duration maxWait, int tokens) {
		double rate = this.properties.accountRate(operation);
		int capacity = this.properties.bucketCapacity(operation);
		double reserve = Math.floor(capacity * this.properties.reserve());
		Duration refill = Duration.ofMillis((long) Math.ceil(capacity / rate * 1000));
		return new String[] { Double.toString(rate), Integer.toString(capacity), Double.toString(reserve), mode,
				Long.toString(maxWait.toNanos() / 1000), Integer.toString(initialTokens(capacity, refill)),
				Long.toString(refill.multipliedBy(2).toMillis()), Integer.toString(tokens) };
	}

	/**
	 * A bucket missing in Redis either expired (it was idle long enough to be full) or
	 * was lost with Redis's data: after a failure seen within one refill period, the
	 * account may be spent, so a new bucket starts empty rather than with a burst that
	 * would get the account throttled.
	 */
	private int initialTokens(int burst, Duration refill) {
		long failed = this.failedAt.get();
		boolean recentFailure = failed != NEVER && this.nanoTime.getAsLong() - failed < refill.toNanos();
		return recentFailure ? 0 : burst;
	}

	private void failed() {
		this.failedAt.set(this.nanoTime.getAsLong());
	}

	private static String script() {
		try (InputStream in = RedisBudgetStore.class.getResourceAsStream("budget-take.lua")) {
			if (in == null) {
				throw new IllegalStateException("budget-take.lua is missing from the classpath");
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String sha1(String text) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
