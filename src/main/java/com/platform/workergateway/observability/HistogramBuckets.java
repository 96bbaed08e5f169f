package com.platform.workergateway.observability;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

import io.micrometer.core.instrument.config.MeterFilter;

import com.platform.workergateway.poll.PollProperties;
import com.platform.workergateway.report.ReportProperties;
import com.platform.workergateway.upstream.UpstreamProperties;

/**
 * The bucket boundaries of the gateway's timers, as explicit service-level objectives
 * rather than Micrometer's default percentile histogram (69 buckets ending at 30 s, below
 * every wait this gateway exists for). A common low range, then the boundaries that
 * matter to each timer, derived from configuration so that they follow it:
 * <ul>
 * <li>poll wait: the default wait, the default wait plus its jitter, the maximum wait,
 * and the worker's client timeout (maximum wait + 10 s) above it;</li>
 * <li>acknowledgement latency: ¾ of the acknowledgement window ("near the deadline"), the
 * window itself (Data Pipeline re-assigns the task), and 1.5 and 2 windows;</li>
 * <li>upstream calls: the short calls' response and SDK timeouts, the service's 90 s hold
 * of an idle poll, the poll response timeout, the SDK backstop and 1.2 times it.</li>
 * </ul>
 * Each timer has at most {@value #MAX_BUCKETS} buckets (plus {@code +Inf}).
 */
public final class HistogramBuckets {

	/** Queue wait of a worker's poll (dispatch). */
	static final String POLL_WAIT = "worker.gateway.poll.wait";

	/** From hand-off to a task's first progress report (task). */
	static final String ACKNOWLEDGEMENT = "worker.gateway.tasks.acknowledgement";

	/** Upstream Data Pipeline calls (upstream). */
	static final String UPSTREAM_CALLS = "worker.gateway.upstream.calls";

	/** Most finite buckets a timer gets. */
	public static final int MAX_BUCKETS = 20;

	/** How long Data Pipeline holds an idle PollForTask: fixed by the service. */
	static final Duration UPSTREAM_HOLD = Duration.ofSeconds(90);

	/**
	 * The worker's client timeout sits this far above its wait (the worker API's advice).
	 */
	static final Duration WORKER_CLIENT_MARGIN = Duration.ofSeconds(10);

	private static final List<Duration> LOW_RANGE = Stream.of(5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000)
		.map(Duration::ofMillis)
		.toList();

	private HistogramBuckets() {
	}

	/**
	 * The meter filter that gives the gateway's timers these buckets.
	 * @param poll the worker-facing poll settings
	 * @param report the report settings
	 * @param upstream the upstream settings
	 * @return the filter
	 */
	public static MeterFilter meterFilter(PollProperties poll, ReportProperties report, UpstreamProperties upstream) {
		return new HistogramBucketsFilter(Map.of(POLL_WAIT, pollWait(poll), ACKNOWLEDGEMENT, acknowledgement(report),
				UPSTREAM_CALLS, upstreamCalls(upstream)));
	}

	/**
	 * Boundaries of {@code worker.gateway.poll.wait}.
	 * @param poll the worker-facing poll settings
	 * @return ascending boundaries
	 */
	public static Duration[] pollWait(PollProperties poll) {
		return buckets(Duration.ofSeconds(20), Duration.ofSeconds(30), poll.defaultWait(),
				poll.defaultWait().plus(poll.waitJitter()), poll.maxWait(), poll.maxWait().plus(WORKER_CLIENT_MARGIN));
	}

	/**
	 * Boundaries of {@code worker.gateway.tasks.acknowledgement}.
	 * @param report the report settings, with the acknowledgement window
	 * @return ascending boundaries
	 */
	public static Duration[] acknowledgement(ReportProperties report) {
		Duration window = report.acknowledgementWindow();
		return buckets(Duration.ofSeconds(30), Duration.ofSeconds(60), window.multipliedBy(3).dividedBy(4), window,
				window.multipliedBy(3).dividedBy(2), window.multipliedBy(2));
	}

	/**
	 * Boundaries of {@code worker.gateway.upstream.calls}.
	 * @param upstream the upstream settings, with its timeouts
	 * @return ascending boundaries
	 */
	public static Duration[] upstreamCalls(UpstreamProperties upstream) {
		return buckets(upstream.callResponseTimeout(), upstream.callSdkTimeout(), Duration.ofSeconds(30),
				Duration.ofSeconds(60), UPSTREAM_HOLD, upstream.pollResponseTimeout(), upstream.pollSdkTimeout(),
				upstream.pollSdkTimeout().multipliedBy(6).dividedBy(5));
	}

	private static Duration[] buckets(Duration... top) {
		TreeSet<Duration> all = new TreeSet<>(LOW_RANGE);
		all.addAll(Arrays.asList(top));
		// Past the bound, drop from the low range (the top boundaries are what the
		// timer is for) so a configuration with many distinct values stays bounded.
		while (all.size() > MAX_BUCKETS) {
			all.remove(all.first());
		}
		return all.toArray(Duration[]::new);
	}

}
