package com.platform.workergateway.web;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.type.LogicalType;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Web-layer wiring: the error translator and strict JSON.
 */
@Configuration(proxyBeanMethods = false)
class WebConfiguration {

	@Bean
	UpstreamErrorTranslator upstreamErrorTranslator(CircuitBreakerRegistry circuitBreakers) {
		return new UpstreamErrorTranslator(circuitBreakers);
	}

	/**
	 * A number or boolean where the contract has a string, or a duplicate key, is a
	 * client mistake to refuse, not to guess at: Jackson's defaults would coerce or pick
	 * one.
	 */
	@Bean
	JsonMapperBuilderCustomizer strictWorkerJson() {
		return (builder) -> builder.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
			.withCoercionConfig(LogicalType.Textual,
					(config) -> config.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
						.setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
						.setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
	}

}
