package com.platform.workergateway.dispatch;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.test.scheduler.VirtualTimeScheduler;

import org.springframework.boot.context.properties.bind.Binder;

import com.platform.workergateway.budget.BudgetProperties;
import com.platform.workergateway.budget.UpstreamBudget;
import com.platform.workergateway.observability.HistogramBuckets;
import com.platform.workergateway.poll.PollProperties;
import com.platform.workergateway.report.ReportProperties;
import com.platform.workergateway.upstream.PollForTask;
import com.platform.workergateway.upstream.UpstreamProperties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The queue-wait histogram as Prometheus scrapes it, with the default configuration: its
 * boundaries reach beyond the longest wait and a 45 s wait lands in a finite bucket.
 */
class PollWaitHistogramTests {

	private static final Pattern BUCKET = Pattern.compile("worker_gateway_poll_wait_seconds_bucket\\{([^}]*)} (\\S+)");

	private static final Pattern LE = Pattern.compile("le=\"([^\"]+)\"");

	private final VirtualTimeScheduler time = VirtualTimeScheduler.create();

	@AfterEach
	void dispose() {
		this.time.dispose();
	}

	@Test
	void shouldCountA45SecondWaitInAFiniteBucketBelowBoundariesAboveTheMaximumWait() {
		PollProperties poll = defaults("worker-gateway.poll", PollProperties.class);
		PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
		registry.config()
			.meterFilter(HistogramBuckets.meterFilter(poll, defaults("worker-gateway.report", ReportProperties.class),
					defaults("worker-gateway.upstream", UpstreamProperties.class)));
		Dispatcher dispatcher = new Dispatcher(new DispatcherTests.ScriptedUpstream(),
				new UpstreamBudget(new BudgetProperties(false, 1, Duration.ZERO, Duration.ZERO, 0, null), registry,
						this.time, System::nanoTime),
				new DispatchProperties(1, Duration.ofSeconds(30), 5, 8, Duration.ofMinutes(5), 100),
				new DispatchMetrics(registry, 100), this.time, () -> this.time.now(TimeUnit.NANOSECONDS),
				DispatchTracing.NOOP);

		dispatcher.poll(new PollForTask("wg", "host", null), Duration.ofSeconds(45)).subscribe();
		this.time.advanceTimeBy(Duration.ofSeconds(45));

		List<Bucket> buckets = BUCKET.matcher(registry.scrape())
			.results()
			.filter((match) -> match.group(1).contains("outcome=\"empty\"")
					&& match.group(1).contains("worker_group=\"wg\""))
			.map((match) -> new Bucket(le(match.group(1)), Double.parseDouble(match.group(2))))
			.toList();
		assertThat(buckets).hasSizeGreaterThan(1).hasSizeLessThanOrEqualTo(HistogramBuckets.MAX_BUCKETS + 1);
		assertThat(buckets).filteredOn((bucket) -> !bucket.le().equals("+Inf"))
			.extracting(Bucket::seconds)
			.anyMatch((seconds) -> seconds > poll.maxWait().toSeconds());
		assertThat(buckets).filteredOn((bucket) -> bucket.le().equals("45.0")).singleElement().satisfies((bucket) -> {
			assertThat(bucket.count()).isEqualTo(1);
		});
		assertThat(buckets).filteredOn((bucket) -> bucket.le().equals("30.0")).singleElement().satisfies((bucket) -> {
			assertThat(bucket.count()).isZero();
		});
	}

	private static String le(String labels) {
		Matcher le = LE.matcher(labels);
		assertThat(le.find()).isTrue();
		return le.group(1);
	}

	private static <T> T defaults(String prefix, Class<T> type) {
		return new Binder().bindOrCreate(prefix, type);
	}

	private record Bucket(String le, double count) {

		double seconds() {
			return Double.parseDouble(this.le);
		}

	}

}
