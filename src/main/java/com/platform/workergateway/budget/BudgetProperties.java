package com.platform.workergateway.budget;

import java.time.Duration;
import java.util.Map;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The gateway's share of the account's Data Pipeline API budget.
 * <p>
 * Each operation gets a token bucket of the account's documented rate and burst divided
 * by {@code replicas}, so the replicas together never get the account throttled. Other
 * callers on the same account (the console, the CLI, other task runners) share the same
 * limits: lower {@code accountLimits} to leave them room.
 *
 * @param enabled whether the budget is enforced
 * @param replicas how many gateway replicas share the account
 * @param highPriorityMaxWait longest a status report, first acknowledgement or poll waits
 * for budget before it is refused with 429
 * @param pollMaxWait longest an upstream poll waits for budget (its workers wait anyway)
 * @param reserve share of each bucket kept for high-priority calls
 * @param accountLimits account limits per operation ({@code PollForTask},
 * {@code ReportTaskProgress}, {@code SetTaskStatus}, {@code ReportTaskRunnerHeartbeat}),
 * when they differ from the documented ones
 */
@Validated
@ConfigurationProperties(prefix = "worker-gateway.budget", ignoreUnknownFields = false)
public record BudgetProperties(@DefaultValue("true") boolean enabled, @DefaultValue("1") @Min(1) int replicas,
		@DefaultValue("5s") Duration highPriorityMaxWait, @DefaultValue("30s") Duration pollMaxWait,
		@DefaultValue("0.2") @DecimalMin("0") @DecimalMax("0.9") double reserve,
		@Nullable Map<String, Limit> accountLimits) {

	double rate(UpstreamOperation operation) {
		Limit limit = limit(operation);
		return ((limit != null) ? limit.perSecond() : operation.accountRate()) / this.replicas;
	}

	double burst(UpstreamOperation operation) {
		Limit limit = limit(operation);
		return Math.max(1, ((limit != null) ? limit.burst() : operation.accountBurst()) / (double) this.replicas);
	}

	private @Nullable Limit limit(UpstreamOperation operation) {
		return (this.accountLimits != null) ? this.accountLimits.get(operation.awsName()) : null;
	}

	/**
	 * An account limit.
	 *
	 * @param perSecond sustained calls per second
	 * @param burst calls that can be spent at once after a quiet period
	 */
	public record Limit(@DecimalMin("0.001") double perSecond, @Min(1) int burst) {

	}

}
