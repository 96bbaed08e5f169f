package com.platform.workergateway.upstream;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import reactor.core.publisher.Mono;

/**
 * Times every upstream call as {@code worker.gateway.upstream.calls}, tagged by operation
 * and a small set of outcomes, so dashboards can tell an AWS outage from client mistakes.
 */
final class UpstreamCallMetrics {

	static final String NAME = "worker.gateway.upstream.calls";

	private final MeterRegistry registry;

	/**
	 * The timers by operation and outcome, looked up once: a builder and a registry
	 * look-up per call showed in the profile. Few keys (operations × outcomes).
	 */
	private final Map<String, Map<String, Timer>> timers = new ConcurrentHashMap<>();

	UpstreamCallMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	<T> Mono<T> timed(String operation, Mono<T> call) {
		return Mono.defer(() -> {
			long start = System.nanoTime();
			// Recorded on the signal itself, not in doFinally: an operator downstream (a
			// retry giving up, say) may cancel while an error propagates, and doFinally
			// would then see the cancel first.
			AtomicBoolean recorded = new AtomicBoolean();
			Consumer<String> record = (outcome) -> {
				if (recorded.compareAndSet(false, true)) {
					timer(operation, outcome).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
				}
			};
			return call.doOnSuccess((value) -> record.accept("success"))
				.doOnError((error) -> record.accept(outcome(error)))
				.doOnCancel(() -> record.accept("cancelled"));
		});
	}

	private Timer timer(String operation, String outcome) {
		return this.timers.computeIfAbsent(operation, (key) -> new ConcurrentHashMap<>())
			.computeIfAbsent(outcome,
					(key) -> Timer.builder(NAME)
						.description("Upstream Data Pipeline calls")
						.tag("operation", operation)
						.tag("outcome", outcome)
						.register(this.registry));
	}

	static String outcome(Throwable error) {
		if (error instanceof UpstreamUnavailable unavailable) {
			return (unavailable.reason() == UpstreamUnavailable.Reason.BREAKER_OPEN) ? "breaker_open"
					: "transport_error";
		}
		if (error instanceof UpstreamThrottled) {
			return "throttled";
		}
		if (error instanceof UpstreamTimeout) {
			return "timeout";
		}
		if (error instanceof UpstreamServiceError) {
			return "server_error";
		}
		if (error instanceof UpstreamClientError) {
			return "client_error";
		}
		return "error";
	}

}
