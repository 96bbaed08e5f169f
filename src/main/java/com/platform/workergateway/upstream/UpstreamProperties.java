package com.platform.workergateway.upstream;

import java.net.URI;
import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Connection settings for the upstream, AWS Data Pipeline's task-runner API.
 * <p>
 * <b>Timeout ladder.</b> Each rung sits above the one before it, so the layer that owns a
 * wait is the one that ends it:
 * <table>
 * <caption>Timeouts, innermost first</caption>
 * <tr>
 * <th>Rung</th>
 * <th>Default</th>
 * <th>Why</th>
 * </tr>
 * <tr>
 * <td>Upstream hold of an idle PollForTask (AWS)</td>
 * <td>90 s</td>
 * <td>Fixed by the service.</td>
 * </tr>
 * <tr>
 * <td>{@code pollResponseTimeout} (Reactor Netty, read idle)</td>
 * <td>95 s</td>
 * <td>Lets an idle 90 s poll end with its empty answer; the SDK's own 30 s socket timeout
 * would cut every idle poll.</td>
 * </tr>
 * <tr>
 * <td>SDK {@code apiCallAttemptTimeout} / {@code apiCallTimeout} for PollForTask</td>
 * <td>100 s</td>
 * <td>{@code pollResponseTimeout + sdkTimeoutMargin}: a backstop only, so that our
 * transport, which closes the connection and names the cause, times out first. It also
 * covers pool acquisition and connect, so {@code pendingAcquireTimeout +
 * connectTimeout} must stay below {@code pollResponseTimeout + sdkTimeoutMargin - 90 s}
 * (7 s &lt; 10 s by default).</td>
 * </tr>
 * <tr>
 * <td>Circuit breaker {@code slowCallDurationThreshold} for PollForTask</td>
 * <td>100 s</td>
 * <td>In {@code resilience4j.circuitbreaker}: above any healthy poll, so an empty 90 s
 * poll is never "slow".</td>
 * </tr>
 * <tr>
 * <td>{@code spring.lifecycle.timeout-per-shutdown-phase}</td>
 * <td>above 100 s</td>
 * <td>In-flight polls drain before the SDK client and its pool are closed.</td>
 * </tr>
 * <tr>
 * <td>Pod {@code terminationGracePeriodSeconds}</td>
 * <td>above preStop + shutdown phase</td>
 * <td>Kubernetes must not kill the pod while polls drain.</td>
 * </tr>
 * <tr>
 * <td>{@code callResponseTimeout} (the three other calls)</td>
 * <td>10 s</td>
 * <td>They are answered at once; SDK timeouts for them are 15 s.</td>
 * </tr>
 * <tr>
 * <td>Worker wait (poll endpoint, {@code Prefer: wait})</td>
 * <td>&lt; 60 s</td>
 * <td>Below common load-balancer idle timeouts; decoupled from the upstream hold.</td>
 * </tr>
 * <tr>
 * <td>Worker HTTP client timeout</td>
 * <td>wait + 10 s</td>
 * <td>Workers' side.</td>
 * </tr>
 * </table>
 *
 * @param endpoint endpoint override, e.g. an emulator; {@code null} uses an
 * {@link UpstreamEndpointOverride} bean if there is one, else the AWS endpoint of the
 * region
 * @param region AWS region of the pipelines; explicit, because worker groups are bound to
 * a region that need not be the pod's
 * @param pollResponseTimeout longest silence on a PollForTask exchange before it fails
 * with a timeout (AWS holds an idle poll for up to 90 s)
 * @param callResponseTimeout longest silence on the other three calls before they fail
 * with a timeout
 * @param connectTimeout TCP (and TLS) connect timeout
 * @param sdkTimeoutMargin how far the SDK's attempt and call timeouts sit above the
 * response timeouts
 * @param maxConnections size of the connection pool of PollForTask; every in-flight long
 * poll holds one connection for up to 90 s
 * @param maxCallConnections size of the separate connection pool of the three other
 * calls, so that long polls can never starve acknowledgements and status reports
 * @param pendingAcquireTimeout longest wait for a pooled connection when all of a pool
 * are busy
 * @param maxIdleTime how long an idle pooled connection is kept before it is closed
 * @param maxResponseSize largest upstream response body accepted
 * @param staticCredentials fixed credentials, for the emulator or local runs only;
 * {@code null} (the default) uses the SDK's default chain (environment, IRSA web
 * identity, Pod Identity, profile, instance profile)
 */
@Validated
@ConfigurationProperties(prefix = "worker-gateway.upstream", ignoreUnknownFields = false)
public record UpstreamProperties(@Nullable URI endpoint, @DefaultValue("us-east-1") @NotBlank String region,
		@DefaultValue("95s") Duration pollResponseTimeout, @DefaultValue("10s") Duration callResponseTimeout,
		@DefaultValue("2s") Duration connectTimeout, @DefaultValue("5s") Duration sdkTimeoutMargin,
		@DefaultValue("500") @Positive int maxConnections, @DefaultValue("100") @Positive int maxCallConnections,
		@DefaultValue("5s") Duration pendingAcquireTimeout, @DefaultValue("30s") Duration maxIdleTime,
		@DefaultValue("4MB") DataSize maxResponseSize, @Valid @Nullable StaticCredentials staticCredentials) {

	/**
	 * The SDK's attempt and call timeout for PollForTask.
	 * @return the response timeout plus the margin
	 */
	public Duration pollSdkTimeout() {
		return this.pollResponseTimeout.plus(this.sdkTimeoutMargin);
	}

	/**
	 * The SDK's attempt and call timeout for the other calls.
	 * @return the response timeout plus the margin
	 */
	public Duration callSdkTimeout() {
		return this.callResponseTimeout.plus(this.sdkTimeoutMargin);
	}

	/**
	 * Fixed AWS credentials; never for production, where the default chain applies.
	 *
	 * @param accessKeyId the access key id
	 * @param secretAccessKey the secret access key
	 */
	public record StaticCredentials(@NotBlank String accessKeyId, @NotBlank String secretAccessKey) {

		// The record's default toString would print the secret into logs and actuator
		// output.
		@Override
		public String toString() {
			return "StaticCredentials[accessKeyId=" + this.accessKeyId + ", secretAccessKey=******]";
		}

	}

}
