package com.platform.workergateway.observability;

import io.micrometer.core.instrument.config.MeterFilter;

import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.platform.workergateway.poll.PollProperties;
import com.platform.workergateway.report.ReportProperties;
import com.platform.workergateway.upstream.UpstreamProperties;

/**
 * Wires what operators see across features: the timers' buckets, the readiness gauge, and
 * no meters for observations that exist for their spans.
 */
@Configuration(proxyBeanMethods = false)
class ObservabilityConfiguration {

	@Bean
	static MeterFilter histogramBucketsFilter(PollProperties poll, ReportProperties report,
			UpstreamProperties upstream) {
		return HistogramBuckets.meterFilter(poll, report, upstream);
	}

	/**
	 * The observations of upstream calls and polls exist for their spans; the calls are
	 * already timed as {@code worker.gateway.upstream.calls}, so their meters are
	 * dropped.
	 * @return the filter
	 */
	@Bean
	static MeterFilter spanOnlyObservationsFilter() {
		return MeterFilter.deny((id) -> id.getName().startsWith("worker.gateway.")
				&& (id.getName().endsWith(".span") || id.getName().endsWith(".span.active")));
	}

	@Bean
	ReadinessMetrics readinessMetrics(ApplicationAvailability availability) {
		return new ReadinessMetrics(availability);
	}

}
