package com.platform.workergateway.observability;

import io.micrometer.core.instrument.config.MeterFilter;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.platform.workergateway.poll.PollProperties;
import com.platform.workergateway.report.ReportProperties;
import com.platform.workergateway.upstream.UpstreamProperties;

/**
 * Wires what operators see across features: the timers' buckets.
 */
@Configuration(proxyBeanMethods = false)
class ObservabilityConfiguration {

	@Bean
	static MeterFilter histogramBucketsFilter(PollProperties poll, ReportProperties report,
			UpstreamProperties upstream) {
		return HistogramBuckets.meterFilter(poll, report, upstream);
	}

}
