package com.platform.workergateway.budget;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Shows where this replica spends the account's budget: {@code shared} (Redis),
 * {@code local-fallback} (Redis failed) or {@code local} (no shared store), and its
 * share. Always UP: a replica on its local share still serves workers, only slower, so it
 * must not leave the Service (the readiness group does not include it either).
 */
class BudgetHealthIndicator implements HealthIndicator {

	private final LocalBudgetStore local;

	private final @Nullable FailoverBudgetStore failover;

	BudgetHealthIndicator(LocalBudgetStore local, @Nullable FailoverBudgetStore failover) {
		this.local = local;
		this.failover = failover;
	}

	@Override
	public Health health() {
		Map<String, Object> details = new LinkedHashMap<>();
		FailoverBudgetStore.Fallback fallback = (this.failover != null) ? this.failover.fallback() : null;
		if (this.failover == null) {
			details.put("store", "local");
		}
		else if (fallback == null) {
			details.put("store", "shared");
			details.put("redis", this.failover.describe());
		}
		else {
			details.put("store", "local-fallback");
			details.put("redis", this.failover.describe());
			details.put("fallbackSince", fallback.since().toString());
			details.put("fallbackReason", fallback.reason());
		}
		details.put("replicas", this.local.replicas());
		return Health.up().withDetails(details).build();
	}

}
