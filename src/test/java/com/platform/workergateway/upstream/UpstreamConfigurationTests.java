package com.platform.workergateway.upstream;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import com.platform.workergateway.upstream.FakeDataPipelineServer.Answer;
import com.platform.workergateway.upstream.FakeDataPipelineServer.Received;
import io.micrometer.core.instrument.MeterRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.springboot.circuitbreaker.autoconfigure.CircuitBreakerAutoConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.boot.webclient.autoconfigure.WebClientObservationAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The wiring with the real {@code application.yml}: circuit breakers per operation, and
 * where the endpoint comes from.
 */
class UpstreamConfigurationTests {

	private static final Duration WAIT = Duration.ofSeconds(5);

	private static final TaskStatusReport STATUS = new TaskStatusReport("token-1", "FINISHED", null, null, null);

	private static final TaskProgress PROGRESS = new TaskProgress("token-1", List.of());

	private final FakeDataPipelineServer server = new FakeDataPipelineServer();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withInitializer(new ConfigDataApplicationContextInitializer())
		.withConfiguration(
				AutoConfigurations.of(WebClientAutoConfiguration.class, CircuitBreakerAutoConfiguration.class))
		.withUserConfiguration(UpstreamConfiguration.class)
		.withPropertyValues("worker-gateway.upstream.static-credentials.access-key-id=AKIDTEST",
				"worker-gateway.upstream.static-credentials.secret-access-key=test-secret");

	@AfterEach
	void close() {
		this.server.close();
	}

	@Test
	void shouldConfigureBreakerPerOperationFromApplicationYml() {
		this.contextRunner.run((context) -> {
			CircuitBreakerRegistry registry = context.getBean(CircuitBreakerRegistry.class);

			assertThat(registry.getAllCircuitBreakers()).extracting(CircuitBreaker::getName)
				.contains("pollForTask", "reportTaskProgress", "setTaskStatus", "reportTaskRunnerHeartbeat");
			CircuitBreakerConfig poll = registry.circuitBreaker("pollForTask").getCircuitBreakerConfig();
			assertThat(poll.getSlowCallDurationThreshold()).isEqualTo(Duration.ofSeconds(100));
			assertThat(poll.isAutomaticTransitionFromOpenToHalfOpenEnabled()).isTrue();
			assertThat(poll.getWaitIntervalFunctionInOpenState().apply(1)).isEqualTo(30_000L);
			assertThat(poll.getPermittedNumberOfCallsInHalfOpenState()).isEqualTo(3);
			assertThat(
					registry.circuitBreaker("setTaskStatus").getCircuitBreakerConfig().getSlowCallDurationThreshold())
				.isEqualTo(Duration.ofSeconds(12));
			assertThat(context).hasSingleBean(DataPipelineClient.class);
		});
	}

	@Test
	void shouldOpenBreakerWhenUpstreamFailsWithServerErrors() {
		withSmallWindow().run((context) -> {
			DataPipelineClient client = context.getBean(DataPipelineClient.class);
			IntStream.range(0, 4).forEach((i) -> this.server.then(Answer.error(500, "InternalServiceError")));
			IntStream.range(0, 4)
				.forEach((i) -> StepVerifier.create(client.setTaskStatus(STATUS))
					.expectError(UpstreamServiceError.class)
					.verify(WAIT));

			StepVerifier.create(client.setTaskStatus(STATUS)).expectError(UpstreamUnavailable.class).verify(WAIT);

			assertThat(breaker(context, "setTaskStatus").getState()).isEqualTo(CircuitBreaker.State.OPEN);
			assertThat(breaker(context, "pollForTask").getState()).isEqualTo(CircuitBreaker.State.CLOSED);
			assertThat(this.server.received()).hasSize(4);
		});
	}

	@Test
	void shouldKeepBreakerClosedWhenUpstreamRejectsClientMistakesOrThrottles() {
		withSmallWindow().run((context) -> {
			DataPipelineClient client = context.getBean(DataPipelineClient.class);
			for (String type : new String[] { "TaskNotFoundException", "InvalidRequestException",
					"PipelineNotFoundException", "PipelineDeletedException", "ThrottlingException" }) {
				IntStream.range(0, 4).forEach((i) -> this.server.then(Answer.error(400, type)));
			}
			IntStream.range(0, 20)
				.forEach((i) -> StepVerifier.create(client.reportTaskProgress(PROGRESS)).expectError().verify(WAIT));

			CircuitBreaker breaker = breaker(context, "reportTaskProgress");
			assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
			assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isZero();
			assertThat(this.server.received()).hasSize(20);
		});
	}

	@Test
	void shouldOpenBreakerWhenUpstreamTimesOut() {
		withSmallWindow().withPropertyValues("worker-gateway.upstream.call-response-timeout=200ms").run((context) -> {
			DataPipelineClient client = context.getBean(DataPipelineClient.class);
			IntStream.range(0, 4).forEach((i) -> this.server.then(Answer.hang()));
			IntStream.range(0, 4)
				.forEach((i) -> StepVerifier
					.create(client.reportTaskRunnerHeartbeat(new RunnerHeartbeat("r", null, null)))
					.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(UpstreamTimeout.class))
					.verify(WAIT));

			assertThat(breaker(context, "reportTaskRunnerHeartbeat").getState()).isEqualTo(CircuitBreaker.State.OPEN);
		});
	}

	@Test
	void shouldUseEndpointOverrideBeanWhenNoEndpointIsConfigured() {
		this.contextRunner.withBean(UpstreamEndpointOverride.class, () -> this.server::endpoint).run((context) -> {
			StepVerifier.create(context.getBean(DataPipelineClient.class).setTaskStatus(STATUS))
				.expectComplete()
				.verify(WAIT);

			assertThat(this.server.received()).hasSize(1);
		});
	}

	@Test
	void shouldPreferConfiguredEndpointOverOverrideBean() {
		try (FakeDataPipelineServer other = new FakeDataPipelineServer()) {
			this.contextRunner.withPropertyValues("worker-gateway.upstream.endpoint=" + this.server.endpoint())
				.withBean(UpstreamEndpointOverride.class, () -> other::endpoint)
				.run((context) -> {
					StepVerifier.create(context.getBean(DataPipelineClient.class).setTaskStatus(STATUS))
						.expectComplete()
						.verify(WAIT);

					assertThat(this.server.received()).hasSize(1);
					assertThat(other.received()).isEmpty();
				});
		}
	}

	@Test
	void shouldCloseTransportWhenContextCloses() {
		this.contextRunner.withPropertyValues("worker-gateway.upstream.endpoint=" + this.server.endpoint())
			.run((context) -> {
				DataPipelineClient client = context.getBean(DataPipelineClient.class);
				StepVerifier.create(client.setTaskStatus(STATUS)).expectComplete().verify(WAIT);
				context.close();

				StepVerifier.create(Mono.defer(() -> client.setTaskStatus(STATUS))).expectError().verify(WAIT);
			});
	}

	@Test
	void shouldObserveUpstreamCallsWithoutAlteringSignedRequest() {
		this.contextRunner
			.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class, MetricsAutoConfiguration.class,
					CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
					WebClientObservationAutoConfiguration.class))
			.withPropertyValues("worker-gateway.upstream.endpoint=" + this.server.endpoint())
			.run((context) -> {
				StepVerifier.create(context.getBean(DataPipelineClient.class).setTaskStatus(STATUS))
					.expectComplete()
					.verify(WAIT);

				Received received = this.server.only();
				assertThat(SigV4Verifier.verify(received.headers, received.body, "test-secret"))
					.isEqualTo("datapipeline");
				assertThat(context.getBean(MeterRegistry.class).find("http.client.requests").timer())
					.satisfies((timer) -> assertThat(timer.count()).isEqualTo(1));
			});
	}

	private ApplicationContextRunner withSmallWindow() {
		return this.contextRunner.withPropertyValues("worker-gateway.upstream.endpoint=" + this.server.endpoint(),
				"resilience4j.circuitbreaker.configs.default.sliding-window-size=4",
				"resilience4j.circuitbreaker.configs.default.minimum-number-of-calls=4");
	}

	private static CircuitBreaker breaker(AssertableApplicationContext context, String name) {
		return context.getBean(CircuitBreakerRegistry.class).circuitBreaker(name);
	}

}
