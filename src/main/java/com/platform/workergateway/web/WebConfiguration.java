package com.platform.workergateway.web;

import java.util.List;

import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.boot.http.codec.CodecCustomizer;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Scope;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.codec.ServerCodecConfigurer;

/**
 * Web-layer wiring: the error translator, problem responses, strict and bounded JSON, and
 * the limits on request bodies ({@link InputProperties}).
 */
@Configuration(proxyBeanMethods = false)
class WebConfiguration {

	@Bean
	ProblemResponses problemResponses(ServerCodecConfigurer codecs) {
		return new ProblemResponses(codecs);
	}

	@Bean
	RequestBodyLimitFilter requestBodyLimitFilter(InputProperties input, ProblemResponses problems) {
		return new RequestBodyLimitFilter(input, problems);
	}

	/**
	 * Decoders buffer at most the body cap, whatever
	 * {@code spring.codec.max-in-memory-size} says; ordered last so that it wins over
	 * Boot's own customizer.
	 */
	@Bean
	@Order(Ordered.LOWEST_PRECEDENCE)
	CodecCustomizer bodyCapCodecCustomizer(InputProperties input) {
		return (codecs) -> codecs.defaultCodecs().maxInMemorySize(input.maxBodyBytes());
	}

	/**
	 * Slow clients: a request body must arrive within {@code body-read-timeout}, with no
	 * pause longer than {@code body-idle-timeout}. Neither applies while a long poll
	 * waits for its task: both cover reading the request only.
	 */
	@Bean
	NettyServerCustomizer bodyReadTimeouts(InputProperties input) {
		return (server) -> server.readTimeout(input.bodyIdleTimeout()).requestTimeout(input.bodyReadTimeout());
	}

	/**
	 * Boot's builder, on a JSON factory with bounded input: nesting depth, string, number
	 * and name lengths, and the document length (the body cap). Over a bound is a 400,
	 * like any unreadable JSON.
	 */
	@Bean
	@Scope(ConfigurableBeanFactory.SCOPE_PROTOTYPE)
	JsonMapper.Builder jsonMapperBuilder(InputProperties input, List<JsonMapperBuilderCustomizer> customizers) {
		StreamReadConstraints constraints = StreamReadConstraints.builder()
			.maxNestingDepth(input.maxJsonNestingDepth())
			.maxDocumentLength(input.maxBodyBytes())
			.maxStringLength(input.maxBodyBytes())
			.maxNumberLength(InputProperties.MAX_JSON_NUMBER_LENGTH)
			.maxNameLength(InputProperties.MAX_JSON_NAME_LENGTH)
			.build();
		JsonMapper.Builder builder = JsonMapper
			.builder(JsonFactory.builder().streamReadConstraints(constraints).build());
		customizers.forEach((customizer) -> customizer.customize(builder));
		return builder;
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
