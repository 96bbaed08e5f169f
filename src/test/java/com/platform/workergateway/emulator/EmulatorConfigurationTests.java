package com.platform.workergateway.emulator;

import java.io.IOException;
import java.net.Socket;
import java.time.Duration;

import com.platform.workergateway.emulator.throttle.RateLimit;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.entry;

class EmulatorConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withUserConfiguration(EmulatorConfiguration.class);

	@Test
	void shouldStartNothingWhenNotEnabled() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(EmulatorServer.class)
			.doesNotHaveBean(EmulatorDataPipeline.class));
		this.contextRunner.run((context) -> assertThat(
				context.getEnvironment().containsProperty(EmulatorConfiguration.UPSTREAM_ENDPOINT))
			.isFalse());
		this.contextRunner.withPropertyValues("worker-gateway.emulator.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(EmulatorServer.class));
	}

	@Test
	void shouldServeOnItsOwnPortAndPointTheUpstreamAtItWhenEnabled() {
		int[] port = new int[1];
		this.contextRunner.withPropertyValues("worker-gateway.emulator.enabled=true", "worker-gateway.emulator.port=0")
			.run((context) -> {
				EmulatorServer server = context.getBean(EmulatorServer.class);
				port[0] = server.port();
				assertThat(server.port()).isPositive();
				assertThat(context.getEnvironment().getProperty(EmulatorConfiguration.UPSTREAM_ENDPOINT))
					.isEqualTo("http://localhost:" + server.port());
				assertThat(new EmulatorHttp(server.baseUri()).admin("GET", "/emulator/calls", null).statusCode())
					.isEqualTo(200);
			});

		assertThatExceptionOfType(IOException.class).as("closed with the context")
			.isThrownBy(() -> new Socket("localhost", port[0]).close());
	}

	@Test
	void shouldBindTheDocumentedDefaultsWhenNothingIsSet() {
		new ApplicationContextRunner().withUserConfiguration(PropertiesOnly.class).run((context) -> {
			EmulatorProperties properties = context.getBean(EmulatorProperties.class);
			assertThat(properties.enabled()).isFalse();
			assertThat(properties.address()).isEqualTo("localhost");
			assertThat(properties.port()).isEqualTo(8090);
			assertThat(properties.pollHold()).isEqualTo(Duration.ofSeconds(90));
			assertThat(properties.ackTimeout()).isEqualTo(Duration.ofMinutes(2));
			assertThat(properties.rateLimits().byOperation()).containsExactly(
					entry("PollForTask", new RateLimit(2, 100)), entry("ReportTaskProgress", new RateLimit(10, 100)),
					entry("SetTaskStatus", new RateLimit(10, 100)),
					entry("ReportTaskRunnerHeartbeat", new RateLimit(1, 100)));
		});
	}

	@Test
	void shouldBindRateLimitsPerOperationAndKeepOtherDefaults() {
		this.contextRunner
			.withPropertyValues("worker-gateway.emulator.enabled=true", "worker-gateway.emulator.port=0",
					"worker-gateway.emulator.rate-limits.poll-for-task.per-second=5",
					"worker-gateway.emulator.rate-limits.report-task-runner-heartbeat.burst=3")
			.run((context) -> assertThat(context.getBean(EmulatorProperties.class).rateLimits().byOperation())
				.containsEntry("PollForTask", new RateLimit(5, 100))
				.containsEntry("ReportTaskRunnerHeartbeat", new RateLimit(1, 3))
				.containsEntry("SetTaskStatus", new RateLimit(10, 100)));
	}

	@Test
	void shouldBindTheCredentialsCallersMustSignWithAndHideTheSecret() {
		this.contextRunner
			.withPropertyValues("worker-gateway.emulator.enabled=true", "worker-gateway.emulator.port=0",
					"worker-gateway.emulator.credentials.access-key-id=AKIDOTHER",
					"worker-gateway.emulator.credentials.secret-access-key=other-secret")
			.run((context) -> assertThat(context.getBean(EmulatorProperties.class).credentials())
				.isEqualTo(new EmulatorProperties.Credentials("AKIDOTHER", "other-secret"))
				.asString()
				.doesNotContain("other-secret"));
		this.contextRunner.withPropertyValues("worker-gateway.emulator.enabled=true", "worker-gateway.emulator.port=0")
			.run((context) -> assertThat(context.getBean(EmulatorProperties.class).credentials())
				.isEqualTo(new EmulatorProperties.Credentials("AKIDLOCALEMULATOR", "local-emulator-secret")));
	}

	@Test
	void shouldLimitNothingWhenRateLimitsAreDisabled() {
		this.contextRunner
			.withPropertyValues("worker-gateway.emulator.enabled=true", "worker-gateway.emulator.port=0",
					"worker-gateway.emulator.rate-limits.enabled=false")
			.run((context) -> assertThat(context.getBean(EmulatorProperties.class).rateLimits().byOperation())
				.isEmpty());
	}

	@Test
	void shouldFailFastWhenAPropertyIsMistypedOrOutOfRange() {
		this.contextRunner
			.withPropertyValues("worker-gateway.emulator.enabled=true", "worker-gateway.emulator.pol-hold=1s")
			.run((context) -> assertThat(context).hasFailed());
		this.contextRunner
			.withPropertyValues("worker-gateway.emulator.enabled=true", "worker-gateway.emulator.port=70000")
			.run((context) -> assertThat(context).hasFailed());
		this.contextRunner
			.withPropertyValues("worker-gateway.emulator.enabled=true", "worker-gateway.emulator.poll-hold=0s")
			.run((context) -> assertThat(context).hasFailed());
		this.contextRunner
			.withPropertyValues("worker-gateway.emulator.enabled=true",
					"worker-gateway.emulator.credentials.secret-access-key=")
			.run((context) -> assertThat(context).hasFailed());
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(EmulatorProperties.class)
	static class PropertiesOnly {

	}

}
