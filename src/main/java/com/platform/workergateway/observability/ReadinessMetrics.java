package com.platform.workergateway.observability;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;

/**
 * Publishes the replica's readiness as {@code worker.gateway.ready} (1 accepting traffic,
 * 0 not, e.g. while draining), so that "no ready replica" can be alerted on from the
 * gateway's own metrics, without kube-state-metrics.
 */
final class ReadinessMetrics implements MeterBinder {

	static final String READY = "worker.gateway.ready";

	private final ApplicationAvailability availability;

	ReadinessMetrics(ApplicationAvailability availability) {
		this.availability = availability;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge
			.builder(READY, this.availability,
					(availability) -> (availability.getReadinessState() == ReadinessState.ACCEPTING_TRAFFIC) ? 1 : 0)
			.description("Whether this replica accepts traffic (its readiness probe's state)")
			.strongReference(true)
			.register(registry);
	}

}
