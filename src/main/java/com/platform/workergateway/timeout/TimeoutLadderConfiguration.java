package com.platform.workergateway.timeout;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import com.platform.workergateway.upstream.DataPipelineOperation;
import com.platform.workergateway.upstream.UpstreamProperties;
import com.platform.workergateway.web.InputProperties;

/**
 * Checks the {@link TimeoutLadder} of the configuration at startup: a broken ladder fails
 * the application context, so a misconfigured replica never takes traffic.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ UpstreamProperties.class, InputProperties.class })
class TimeoutLadderConfiguration {

	/** Spring Boot's default {@code spring.lifecycle.timeout-per-shutdown-phase}. */
	private static final Duration BOOT_DEFAULT_SHUTDOWN_PHASE = Duration.ofSeconds(30);

	@Bean
	TimeoutLadder timeoutLadder(UpstreamProperties upstream, InputProperties input,
			ObjectProvider<CircuitBreakerRegistry> circuitBreakers, Environment environment) {
		TimeoutLadder ladder = TimeoutLadder.of(upstream, input, slowCallThresholds(circuitBreakers.getIfAvailable()),
				Binder.get(environment)
					.bind("spring.lifecycle.timeout-per-shutdown-phase", Duration.class)
					.orElse(BOOT_DEFAULT_SHUTDOWN_PHASE));
		ladder.validate();
		return ladder;
	}

	/**
	 * The thresholds the breakers really use, after Resilience4j merged instance and
	 * default configuration.
	 */
	private static Map<String, Duration> slowCallThresholds(CircuitBreakerRegistry circuitBreakers) {
		Map<String, Duration> thresholds = new LinkedHashMap<>();
		if (circuitBreakers != null) {
			for (DataPipelineOperation operation : DataPipelineOperation.values()) {
				thresholds.put(operation.breakerName(),
						circuitBreakers.circuitBreaker(operation.breakerName())
							.getCircuitBreakerConfig()
							.getSlowCallDurationThreshold());
			}
		}
		return thresholds;
	}

}
