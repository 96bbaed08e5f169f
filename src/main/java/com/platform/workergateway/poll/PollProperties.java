package com.platform.workergateway.poll;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The worker-facing long poll.
 * <p>
 * The default wait stays below common load-balancer idle timeouts (60 s); the jitter
 * spreads a fleet's re-polls so they do not arrive in lock-step. Workers set their client
 * timeout to the wait plus 10 s.
 *
 * @param defaultWait how long a poll without {@code Prefer: wait} is held
 * @param waitJitter up to this much is added at random to the default wait
 * @param maxWait cap on a wait asked for with {@code Prefer: wait=N}
 * @param answerReceiptWindow how long a worker's connection is watched, after an answer
 * with a task was written to it, for a reset showing the worker never read it (ADR 0004)
 */
@Validated
@ConfigurationProperties(prefix = "worker-gateway.poll", ignoreUnknownFields = false)
public record PollProperties(@DefaultValue(PollProperties.DEFAULT_WAIT) Duration defaultWait,
		@DefaultValue(PollProperties.DEFAULT_WAIT_JITTER) Duration waitJitter,
		@DefaultValue(PollProperties.DEFAULT_MAX_WAIT) Duration maxWait,
		@DefaultValue("5s") Duration answerReceiptWindow) {

	// The API description quotes these defaults: one source for both.

	static final String DEFAULT_WAIT = "45s";

	static final String DEFAULT_WAIT_JITTER = "5s";

	static final String DEFAULT_MAX_WAIT = "60s";

}
