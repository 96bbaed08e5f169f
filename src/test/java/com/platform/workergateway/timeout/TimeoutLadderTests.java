package com.platform.workergateway.timeout;

import java.time.Duration;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The application refuses to start, naming both values, when a rung of the timeout ladder
 * is not above the one below it.
 */
class TimeoutLadderTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withUserConfiguration(TimeoutLadderConfiguration.class)
		.withPropertyValues("spring.lifecycle.timeout-per-shutdown-phase=110s");

	@Test
	void shouldStartWithTheDefaultLadder() {
		this.contextRunner.withBean(CircuitBreakerRegistry.class, TimeoutLadderTests::defaultBreakers)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				TimeoutLadder ladder = context.getBean(TimeoutLadder.class);
				assertThat(ladder.violations()).isEmpty();
				// hold, response, backstop, pool, four breakers, shutdown, body
				assertThat(ladder.steps()).hasSize(9);
			});
	}

	@Test
	void shouldRefuseAResponseTimeoutNotAboveTheUpstreamHold() {
		this.contextRunner.withPropertyValues("worker-gateway.upstream.poll-hold=95s")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("worker-gateway.upstream.poll-response-timeout (95s) must be above"
						+ " worker-gateway.upstream.poll-hold (95s)"));
	}

	@Test
	void shouldRefuseAShutdownPhaseNotAboveTheSdkBackstop() {
		this.contextRunner.withPropertyValues("spring.lifecycle.timeout-per-shutdown-phase=100s")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("spring.lifecycle.timeout-per-shutdown-phase (100s) must be above the SDK"
						+ " backstop (poll-response-timeout + sdk-timeout-margin) (100s)"));
	}

	@Test
	void shouldRefuseAShutdownPhaseBelowBootsDefaultWhenNoneIsSet() {
		new ApplicationContextRunner().withUserConfiguration(TimeoutLadderConfiguration.class)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("spring.lifecycle.timeout-per-shutdown-phase (30s) must be above"));
	}

	@Test
	void shouldRefuseAPollBreakerThatWouldCountIdlePollsAsSlow() {
		// Resilience4j's default slow-call threshold, 60 s, is below the 95 s response
		// timeout.
		this.contextRunner.withBean(CircuitBreakerRegistry.class, CircuitBreakerRegistry::ofDefaults)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("resilience4j.circuitbreaker.instances.pollForTask.slow-call-duration-threshold"
						+ " (60s) must be above worker-gateway.upstream.poll-response-timeout (95s)"));
	}

	@Test
	void shouldRefuseABodyIdleTimeoutNotBelowTheBodyReadTimeout() {
		this.contextRunner
			.withPropertyValues("worker-gateway.input.body-idle-timeout=30s",
					"worker-gateway.input.body-read-timeout=30s")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("worker-gateway.input.body-read-timeout (30s) must be above"
						+ " worker-gateway.input.body-idle-timeout (30s)"));
	}

	@Test
	void shouldRefuseAPoolWaitThatEatsIntoTheHold() {
		this.contextRunner.withPropertyValues("worker-gateway.upstream.pending-acquire-timeout=9s")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("the SDK backstop - poll-hold (10s) must be above"
						+ " worker-gateway.upstream.pending-acquire-timeout + connect-timeout (11s)"));
	}

	@Test
	void shouldNameEveryBrokenRung() {
		this.contextRunner
			.withPropertyValues("worker-gateway.upstream.poll-hold=100s", "worker-gateway.input.body-idle-timeout=1m")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("poll-hold (100s)")
				.hasMessageContaining("body-idle-timeout (60s)"));
	}

	/** The breakers as application.yml configures them. */
	private static CircuitBreakerRegistry defaultBreakers() {
		CircuitBreakerRegistry registry = CircuitBreakerRegistry
			.of(CircuitBreakerConfig.custom().slowCallDurationThreshold(Duration.ofSeconds(12)).build());
		registry.addConfiguration("poll",
				CircuitBreakerConfig.custom().slowCallDurationThreshold(Duration.ofSeconds(100)).build());
		registry.circuitBreaker("pollForTask", "poll");
		return registry;
	}

}
