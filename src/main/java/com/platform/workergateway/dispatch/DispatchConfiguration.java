package com.platform.workergateway.dispatch;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;

import org.springframework.beans.factory.ObjectProvider;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.platform.workergateway.budget.UpstreamBudget;
import com.platform.workergateway.upstream.DataPipelineClient;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Wires the dispatcher.
 */
@Configuration(proxyBeanMethods = false)
class DispatchConfiguration {

	@Bean
	Dispatcher dispatcher(DataPipelineClient upstream, UpstreamBudget budget, DispatchProperties properties,
			SizingProperties sizing, MeterRegistry registry, ObjectProvider<ObservationRegistry> observations,
			ObjectProvider<Tracer> tracer) {
		WaiterCapacity.check(properties.maxWaiters(), sizing, Runtime.getRuntime().maxMemory());
		DispatchTracing tracing = new DispatchTracing(observations.getIfAvailable(() -> ObservationRegistry.NOOP),
				tracer.getIfAvailable(() -> Tracer.NOOP));
		return new Dispatcher(upstream, budget, properties,
				new DispatchMetrics(registry, properties.maxMeteredGroups(), properties), timer(), System::nanoTime,
				tracing);
	}

	@Bean
	DispatchLifecycle dispatchLifecycle(Dispatcher dispatcher, DispatchProperties properties) {
		return new DispatchLifecycle(dispatcher, properties, timer());
	}

	private static Scheduler timer() {
		// Timers only: waits, orphan holds and sweeps never block, so the shared parallel
		// scheduler is right.
		return Schedulers.parallel();
	}

}
