package com.platform.workergateway.observability;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import org.jspecify.annotations.Nullable;

/**
 * Gives the gateway's timers their explicit buckets ({@link HistogramBuckets}) and no
 * percentile histogram, wherever the timers are registered.
 */
final class HistogramBucketsFilter implements MeterFilter {

	private final Map<String, double[]> bucketsByName;

	HistogramBucketsFilter(Map<String, Duration[]> bucketsByName) {
		this.bucketsByName = bucketsByName.entrySet()
			.stream()
			.collect(java.util.stream.Collectors.toUnmodifiableMap(Map.Entry::getKey,
					(entry) -> Arrays.stream(entry.getValue()).mapToDouble(Duration::toNanos).toArray()));
	}

	@Override
	public @Nullable DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
		double[] buckets = this.bucketsByName.get(id.getName());
		if (buckets == null || id.getType() != Meter.Type.TIMER) {
			return config;
		}
		return DistributionStatisticConfig.builder()
			.percentilesHistogram(false)
			.serviceLevelObjectives(buckets)
			.build()
			.merge(config);
	}

}
