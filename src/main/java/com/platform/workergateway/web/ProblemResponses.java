package com.platform.workergateway.web;

import java.net.URI;
import java.util.Map;

import reactor.core.publisher.Mono;

import org.springframework.core.ResolvableType;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.codec.HttpMessageWriter;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;

/**
 * Writes a {@link GatewayException} as a problem from outside the controllers (web
 * filters, the security entry point), with the same codecs, request id and
 * {@code instance} as the {@link GatewayExceptionHandler}.
 */
public class ProblemResponses {

	private static final ResolvableType PROBLEM = ResolvableType.forClass(ProblemDetail.class);

	private final HttpMessageWriter<ProblemDetail> writer;

	@SuppressWarnings("unchecked")
	public ProblemResponses(ServerCodecConfigurer codecs) {
		this.writer = (HttpMessageWriter<ProblemDetail>) codecs.getWriters()
			.stream()
			.filter((candidate) -> candidate.canWrite(PROBLEM, MediaType.APPLICATION_PROBLEM_JSON))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("No writer for application/problem+json"));
	}

	public Mono<Void> write(ServerWebExchange exchange, GatewayException failure) {
		ServerHttpResponse response = exchange.getResponse();
		if (response.isCommitted()) {
			return Mono.empty();
		}
		ProblemDetail problem = failure.getBody();
		if (problem.getInstance() == null) {
			problem.setInstance(URI.create(exchange.getRequest().getPath().value()));
		}
		problem.setProperty("requestId", RequestIdFilter.requestId(exchange));
		response.setStatusCode(failure.getStatusCode());
		HttpHeaders headers = response.getHeaders();
		headers.addAll(failure.getHeaders());
		return this.writer.write(Mono.just(problem), PROBLEM, MediaType.APPLICATION_PROBLEM_JSON, response, Map.of());
	}

}
