package com.platform.workergateway.report;

import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.resilience.annotation.EnableResilientMethods;

import com.platform.workergateway.budget.UpstreamBudget;
import com.platform.workergateway.task.TaskActivity;
import com.platform.workergateway.upstream.DataPipelineClient;

/**
 * Wires report relaying: retries through Spring's {@code @Retryable}, the relays and the
 * sweep that forgets old state.
 */
@Configuration(proxyBeanMethods = false)
@EnableResilientMethods
class ReportConfiguration {

	private static final Duration SWEEP_INTERVAL = Duration.ofSeconds(30);

	@Bean
	UpstreamReports upstreamReports(DataPipelineClient upstream, UpstreamBudget budget, MeterRegistry meters) {
		return new UpstreamReports(upstream, budget, meters);
	}

	@Bean
	TaskActivity taskActivity(ReportProperties properties, MeterRegistry meters) {
		return new TaskActivity(meters, System::nanoTime, properties.acknowledgementWindow(), properties.retention());
	}

	@Bean
	ProgressRelay progressRelay(UpstreamReports reports, TaskActivity activity, ReportProperties properties,
			MeterRegistry meters) {
		return new ProgressRelay(reports, activity, properties.progressCoalesceWindow(), System::nanoTime, meters);
	}

	@Bean
	HeartbeatRelay heartbeatRelay(UpstreamReports reports, ReportProperties properties, MeterRegistry meters) {
		return new HeartbeatRelay(reports, properties, System::nanoTime, meters);
	}

	@Bean(destroyMethod = "dispose")
	Disposable reportStateSweep(TaskActivity activity, HeartbeatRelay heartbeats, ProgressRelay progress,
			ReportProperties properties) {
		return Flux.interval(SWEEP_INTERVAL, Schedulers.parallel()).subscribe((tick) -> {
			activity.sweep();
			heartbeats.sweep();
			progress.sweep(properties.retention());
		});
	}

}
