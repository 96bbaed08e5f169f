package com.platform.workergateway.report;

import java.time.Duration;

import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How reports are relayed.
 *
 * @param progressCoalesceWindow a progress report for a task whose last upstream report
 * is younger than this is answered from that report's answer, without an upstream call;
 * its fields are merged (per key, latest wins) into the task's next upstream report, or
 * sent just before its status
 * @param heartbeatCoalesceWindow a runner's heartbeat is relayed at most once per this
 * window; a {@code terminate} answer reaches it within the window
 * @param acknowledgementWindow a task handed off and not acknowledged within this window
 * is counted as unacknowledged (Data Pipeline re-assigns it after 2 minutes)
 * @param retention how long task and runner state is kept after its last use
 * @param maxRunners runners whose heartbeat answers are remembered; beyond, heartbeats
 * are relayed without coalescing
 */
@Validated
@ConfigurationProperties(prefix = "worker-gateway.report", ignoreUnknownFields = false)
public record ReportProperties(@DefaultValue("10s") Duration progressCoalesceWindow,
		@DefaultValue("60s") Duration heartbeatCoalesceWindow, @DefaultValue("2m") Duration acknowledgementWindow,
		@DefaultValue("1h") Duration retention, @DefaultValue("10000") @Min(0) int maxRunners) {

}
