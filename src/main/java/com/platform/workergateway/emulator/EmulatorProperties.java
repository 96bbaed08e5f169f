package com.platform.workergateway.emulator;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import com.platform.workergateway.emulator.throttle.RateLimit;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the embedded AWS Data Pipeline emulator. It is off unless enabled; the
 * {@code local} profile and the tests turn it on, production never does.
 *
 * @param enabled whether to start the emulator with the application
 * @param address the interface to bind; loopback by default, since the admin API has no
 * authentication; {@code 0.0.0.0} to reach it from other hosts or containers
 * @param port its own HTTP port, separate from the gateway's; 0 picks a free one
 * @param pollHold how long a PollForTask is held without a task before it answers
 * {@code {}}; the service holds up to 90 s
 * @param ackTimeout how long a handed-out task waits for its first ReportTaskProgress
 * before it is handed out again; the service documents 2 minutes
 * @param rateLimits the per-account call limits
 * @param credentials the credentials callers must sign their requests with (SigV4)
 */
@ConfigurationProperties(prefix = "worker-gateway.emulator", ignoreUnknownFields = false)
public record EmulatorProperties(@DefaultValue("false") boolean enabled, @DefaultValue("localhost") String address,
		@DefaultValue("8090") int port, @DefaultValue("90s") Duration pollHold, @DefaultValue("2m") Duration ackTimeout,
		@DefaultValue RateLimits rateLimits, @DefaultValue Credentials credentials) {

	public EmulatorProperties {
		if (port < 0 || port > 65535) {
			throw new IllegalArgumentException("port must be from 0 to 65535, got " + port);
		}
		if (pollHold.isNegative() || pollHold.isZero() || ackTimeout.isNegative() || ackTimeout.isZero()) {
			throw new IllegalArgumentException("poll-hold and ack-timeout must be positive");
		}
	}

	/**
	 * Account-wide limits per operation, as documented by AWS: PollForTask 2/s,
	 * ReportTaskProgress 10/s, SetTaskStatus 10/s, ReportTaskRunnerHeartbeat 1/s, each
	 * with a burst of 100.
	 *
	 * @param enabled whether calls over a limit are throttled
	 * @param pollForTask limit of PollForTask (default 2/s, burst 100)
	 * @param reportTaskProgress limit of ReportTaskProgress (default 10/s, burst 100)
	 * @param setTaskStatus limit of SetTaskStatus (default 10/s, burst 100)
	 * @param reportTaskRunnerHeartbeat limit of ReportTaskRunnerHeartbeat (default 1/s,
	 * burst 100)
	 */
	public record RateLimits(@DefaultValue("true") boolean enabled, @Nullable Limit pollForTask,
			@Nullable Limit reportTaskProgress, @Nullable Limit setTaskStatus,
			@Nullable Limit reportTaskRunnerHeartbeat) {

		/**
		 * The limits by operation name; empty when limiting is off.
		 */
		public Map<String, RateLimit> byOperation() {
			Map<String, RateLimit> limits = new LinkedHashMap<>();
			if (this.enabled) {
				limits.put("PollForTask", resolve(this.pollForTask, 2));
				limits.put("ReportTaskProgress", resolve(this.reportTaskProgress, 10));
				limits.put("SetTaskStatus", resolve(this.setTaskStatus, 10));
				limits.put("ReportTaskRunnerHeartbeat", resolve(this.reportTaskRunnerHeartbeat, 1));
			}
			return limits;
		}

		private static RateLimit resolve(@Nullable Limit limit, double defaultPerSecond) {
			if (limit == null) {
				return new RateLimit(defaultPerSecond, 100);
			}
			return new RateLimit((limit.perSecond() != null) ? limit.perSecond() : defaultPerSecond, limit.burst());
		}

	}

	/**
	 * One operation's limit.
	 *
	 * @param perSecond sustained calls per second; the operation's documented rate when
	 * unset
	 * @param burst calls that can be saved up and spent at once
	 */
	public record Limit(@Nullable Double perSecond, @DefaultValue("100") int burst) {

	}

	/**
	 * The one access key the emulator accepts. Not a secret: the defaults are the
	 * throw-away pair of the {@code local} profile and the chart's emulator mode; the
	 * emulator verifies signatures so that a signing regression fails as it would against
	 * AWS.
	 *
	 * @param accessKeyId the access key id callers sign with
	 * @param secretAccessKey its secret key
	 */
	public record Credentials(@DefaultValue("AKIDLOCALEMULATOR") String accessKeyId,
			@DefaultValue("local-emulator-secret") String secretAccessKey) {

		public Credentials {
			if (accessKeyId.isBlank() || secretAccessKey.isBlank()) {
				throw new IllegalArgumentException("credentials need an access-key-id and a secret-access-key");
			}
		}

		@Override
		public String toString() {
			return "Credentials[accessKeyId=" + this.accessKeyId + ", secretAccessKey=******]";
		}

	}

}
