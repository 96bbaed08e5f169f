package com.platform.workergateway.upstream;

import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Binding of {@code worker-gateway.upstream}.
 */
class UpstreamPropertiesTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withUserConfiguration(PropertiesConfiguration.class);

	@Test
	void shouldUseDefaultsWhenNothingIsSet() {
		this.contextRunner.run((context) -> {
			UpstreamProperties properties = context.getBean(UpstreamProperties.class);

			assertThat(properties.endpoint()).isNull();
			assertThat(properties.region()).isEqualTo("us-east-1");
			assertThat(properties.pollResponseTimeout()).isEqualTo(Duration.ofSeconds(95));
			assertThat(properties.callResponseTimeout()).isEqualTo(Duration.ofSeconds(10));
			assertThat(properties.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
			assertThat(properties.pollSdkTimeout()).isEqualTo(Duration.ofSeconds(100));
			assertThat(properties.callSdkTimeout()).isEqualTo(Duration.ofSeconds(15));
			assertThat(properties.maxConnections()).isEqualTo(500);
			assertThat(properties.maxCallConnections()).isEqualTo(100);
			assertThat(properties.pendingAcquireTimeout()).isEqualTo(Duration.ofSeconds(5));
			assertThat(properties.maxIdleTime()).isEqualTo(Duration.ofSeconds(30));
			assertThat(properties.maxResponseSize()).isEqualTo(DataSize.ofMegabytes(4));
			assertThat(properties.staticCredentials()).isNull();
		});
	}

	@Test
	void shouldBindKebabCaseKeys() {
		this.contextRunner
			.withPropertyValues("worker-gateway.upstream.endpoint=http://127.0.0.1:8090",
					"worker-gateway.upstream.region=eu-west-1", "worker-gateway.upstream.poll-response-timeout=1m",
					"worker-gateway.upstream.max-connections=10",
					"worker-gateway.upstream.static-credentials.access-key-id=AKIDLOCAL",
					"worker-gateway.upstream.static-credentials.secret-access-key=s3cr3t")
			.run((context) -> {
				UpstreamProperties properties = context.getBean(UpstreamProperties.class);

				assertThat(properties.endpoint()).isEqualTo(URI.create("http://127.0.0.1:8090"));
				assertThat(properties.region()).isEqualTo("eu-west-1");
				assertThat(properties.pollResponseTimeout()).isEqualTo(Duration.ofMinutes(1));
				assertThat(properties.maxConnections()).isEqualTo(10);
				assertThat(properties.staticCredentials())
					.isEqualTo(new UpstreamProperties.StaticCredentials("AKIDLOCAL", "s3cr3t"));
			});
	}

	@Test
	void shouldNeverPrintSecretAccessKey() {
		UpstreamProperties.StaticCredentials credentials = new UpstreamProperties.StaticCredentials("AKIDLOCAL",
				"s3cr3t");

		assertThat(credentials.toString()).contains("AKIDLOCAL").doesNotContain("s3cr3t");
	}

	@Test
	void shouldFailWhenKeyIsUnknown() {
		this.contextRunner.withPropertyValues("worker-gateway.upstream.poll-timeout=95s")
			.run((context) -> assertThat(context).hasFailed());
	}

	@Test
	void shouldFailWhenRegionIsBlank() {
		this.contextRunner.withPropertyValues("worker-gateway.upstream.region= ")
			.run((context) -> assertThat(context).hasFailed());
	}

	@Test
	void shouldFailWhenStaticCredentialsAreIncomplete() {
		this.contextRunner.withPropertyValues("worker-gateway.upstream.static-credentials.access-key-id=AKIDLOCAL")
			.run((context) -> assertThat(context).hasFailed());
	}

	@Test
	void shouldFailWhenPoolIsEmpty() {
		this.contextRunner.withPropertyValues("worker-gateway.upstream.max-connections=0")
			.run((context) -> assertThat(context).hasFailed());
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(UpstreamProperties.class)
	static class PropertiesConfiguration {

	}

}
