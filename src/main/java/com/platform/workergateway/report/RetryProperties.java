package com.platform.workergateway.report;

import java.time.Duration;

import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Retries of progress, status and heartbeat calls (never of polls). Read by the
 * {@code @Retryable} annotations of {@link UpstreamReports} through placeholders; bound
 * here so that a typo fails start-up and the IDE knows the keys.
 *
 * @param maxRetries retries after the first attempt
 * @param delay delay before the first retry
 * @param multiplier growth of the delay per retry
 * @param jitter random spread added to each delay
 * @param maxDelay cap on one delay
 * @param timeout cap on all attempts together, so a worker is answered in time
 */
@Validated
@ConfigurationProperties(prefix = "worker-gateway.retry", ignoreUnknownFields = false)
public record RetryProperties(@DefaultValue("4") @Min(0) long maxRetries, @DefaultValue("200ms") Duration delay,
		@DefaultValue("2") double multiplier, @DefaultValue("100ms") Duration jitter,
		@DefaultValue("2s") Duration maxDelay, @DefaultValue("15s") Duration timeout) {

}
