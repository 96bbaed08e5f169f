package com.platform.workergateway.dispatch;

import java.time.Duration;

import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How waiting workers are matched with upstream PollForTask calls (ADR 1).
 *
 * @param maxUpstreamPollsPerGroup upstream PollForTask calls in flight per worker group
 * (K); Data Pipeline asks a task runner for one
 * @param orphanHold how long a task that arrived with no live waiter is held for the next
 * poll of its group; well under the service's 2-minute re-assignment window
 * @param maxWaitersPerGroup waiting workers per group beyond which polls get 429
 * @param maxWaiters waiting workers in total beyond which polls get 429
 * @param idleGroupEviction how often groups with no waiter, upstream poll or held task
 * are forgotten (and their meters removed), so arbitrary group names cannot grow memory
 * @param maxMeteredGroups worker groups that get their own {@code worker_group} tag value
 * at a time; groups beyond share the value {@code _other}, so a {@code *} grant cannot
 * grow the number of series without bound
 */
@Validated
@ConfigurationProperties(prefix = "worker-gateway.dispatch", ignoreUnknownFields = false)
public record DispatchProperties(@DefaultValue("1") @Min(1) int maxUpstreamPollsPerGroup,
		@DefaultValue("30s") Duration orphanHold, @DefaultValue("1000") @Min(1) int maxWaitersPerGroup,
		@DefaultValue("20000") @Min(1) int maxWaiters, @DefaultValue("5m") Duration idleGroupEviction,
		@DefaultValue("100") @Min(0) int maxMeteredGroups) {

}
