package com.platform.workergateway.emulator;

import com.platform.workergateway.upstream.UpstreamEndpointOverride;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Starts the AWS Data Pipeline emulator on its own port and points the gateway's AWS
 * client at it. Only with {@code worker-gateway.emulator.enabled=true}: never in a
 * production configuration.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty("worker-gateway.emulator.enabled")
@EnableConfigurationProperties(EmulatorProperties.class)
public class EmulatorConfiguration {

	@Bean
	EmulatorDataPipeline emulatorDataPipeline(EmulatorProperties properties) {
		return new EmulatorDataPipeline(properties);
	}

	@Bean
	EmulatorServer emulatorServer(EmulatorDataPipeline dataPipeline, EmulatorProperties properties) {
		return new EmulatorServer(dataPipeline, properties.address(), properties.port());
	}

	@Bean
	UpstreamEndpointOverride emulatorEndpointOverride(EmulatorServer server) {
		return server::baseUri;
	}

}
