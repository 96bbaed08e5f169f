package com.platform.workergateway.emulator;

import java.util.Map;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Starts the AWS Data Pipeline emulator on its own port and points the gateway's AWS
 * client at it. Only with {@code worker-gateway.emulator.enabled=true}: never in a
 * production configuration.
 * <p>
 * The emulator and the gateway meet only over HTTP and configuration: once bound, the
 * emulator publishes its endpoint as {@code worker-gateway.upstream.endpoint}, at the
 * lowest precedence (an endpoint configured anywhere wins), and imports nothing of the
 * gateway. The gateway reads that property on each call, as the emulator may bind after
 * the gateway's AWS client was built.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty("worker-gateway.emulator.enabled")
@EnableConfigurationProperties(EmulatorProperties.class)
public class EmulatorConfiguration {

	@Bean
	EmulatorDataPipeline emulatorDataPipeline(EmulatorProperties properties) {
		return new EmulatorDataPipeline(properties);
	}

	/** The property through which the gateway finds its upstream. */
	static final String UPSTREAM_ENDPOINT = "worker-gateway.upstream.endpoint";

	@Bean
	EmulatorServer emulatorServer(EmulatorDataPipeline dataPipeline, EmulatorProperties properties,
			ConfigurableEnvironment environment) {
		EmulatorServer server = new EmulatorServer(dataPipeline, properties.address(), properties.port());
		environment.getPropertySources()
			.addLast(new MapPropertySource("emulatorEndpoint", Map.of(UPSTREAM_ENDPOINT, server.baseUri().toString())));
		return server;
	}

}
