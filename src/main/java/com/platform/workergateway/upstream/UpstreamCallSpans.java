package com.platform.workergateway.upstream;

import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Gives every upstream call a span, named after the operation, with its
 * {@code operation}, {@code worker_group} (where the call has one) and {@code outcome};
 * never a token or a task's fields. The caller's observation in the Reactor context is
 * the parent (a worker's request, or the dispatcher's poll); the WebClient exchange under
 * it becomes its child.
 * <p>
 * Its observations are named {@value #NAME}; they exist for traces, so their meters are
 * denied (the timer {@code worker.gateway.upstream.calls} already measures the calls).
 */
final class UpstreamCallSpans {

	/** Name of the upstream call observations. */
	static final String NAME = "worker.gateway.upstream.call.span";

	private final ObservationRegistry registry;

	UpstreamCallSpans(ObservationRegistry registry) {
		this.registry = registry;
	}

	<T> Mono<T> observed(String operation, @Nullable String workerGroup, Mono<T> call) {
		if (this.registry.isNoop()) {
			return call;
		}
		return Mono.deferContextual((context) -> {
			Observation observation = Observation.createNotStarted(NAME, this.registry)
				.parentObservation(context.getOrDefault(ObservationThreadLocalAccessor.KEY, null))
				.contextualName(operation)
				.highCardinalityKeyValue("operation", operation);
			if (workerGroup != null) {
				observation.highCardinalityKeyValue("worker_group", workerGroup);
			}
			observation.start();
			return call.doOnSuccess((value) -> stop(observation, "success", null))
				.doOnError((error) -> stop(observation, UpstreamCallMetrics.outcome(error), error))
				.doOnCancel(() -> stop(observation, "cancelled", null))
				.contextWrite((inner) -> inner.put(ObservationThreadLocalAccessor.KEY, observation));
		});
	}

	private static void stop(Observation observation, String outcome, @Nullable Throwable error) {
		observation.highCardinalityKeyValue(KeyValue.of("outcome", outcome));
		if (error != null) {
			observation.error(error);
		}
		observation.stop();
	}

}
