package com.platform.workergateway.secretfile;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the secret-file checker.
 */
@Configuration(proxyBeanMethods = false)
class SecretFileConfiguration {

	@Bean
	SecretFiles secretFiles(SecretFileProperties properties, MeterRegistry registry) {
		return new SecretFiles(properties, registry);
	}

}
