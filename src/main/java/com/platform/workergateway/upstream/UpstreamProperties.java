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
 * Its timeouts are rungs of the gateway's timeout ladder, which the application checks at
 * startup ({@code timeout.TimeoutLadder}, where the table with the reasons is).
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
 * @param pollHold how long the upstream holds an idle PollForTask before it answers
 * empty: fixed at 90 s by AWS, shorter only for an emulator; the lowest rung of the
 * timeout ladder
 */
@Validated
@ConfigurationProperties(prefix = "worker-gateway.upstream", ignoreUnknownFields = false)
public record UpstreamProperties(@Nullable URI endpoint, @DefaultValue("us-east-1") @NotBlank String region,
		@DefaultValue("95s") Duration pollResponseTimeout, @DefaultValue("10s") Duration callResponseTimeout,
		@DefaultValue("2s") Duration connectTimeout, @DefaultValue("5s") Duration sdkTimeoutMargin,
		@DefaultValue("500") @Positive int maxConnections, @DefaultValue("100") @Positive int maxCallConnections,
		@DefaultValue("5s") Duration pendingAcquireTimeout, @DefaultValue("30s") Duration maxIdleTime,
		@DefaultValue("4MB") DataSize maxResponseSize, @Valid @Nullable StaticCredentials staticCredentials,
		@DefaultValue("90s") Duration pollHold) {

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
