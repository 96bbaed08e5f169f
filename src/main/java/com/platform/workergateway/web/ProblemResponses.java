package com.platform.workergateway.web;

import java.net.URI;
import java.util.Map;

import reactor.core.publisher.Mono;

import org.springframework.core.ResolvableType;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.HttpMessageWriter;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;

/**
 * The one problem writer: every problem made by {@link Problems} is answered through
 * here, with the request id and {@code instance}, as {@code application/problem+json}.
 * Controllers' failures go through {@link #entity} (the {@link GatewayExceptionHandler}
 * returns it to Spring, which writes it with the same codecs); web filters and the
 * security chain, which run outside any controller, call {@link #write}.
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

	/**
	 * The answer to a problem: its status, its headers and its completed body.
	 * @param problem the problem
	 * @param exchange the exchange it answers
	 * @return the response entity
	 */
	ResponseEntity<Object> entity(GatewayException problem, ServerWebExchange exchange) {
		return ResponseEntity.status(problem.getStatusCode())
			.headers(problem.getHeaders())
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(complete(problem, exchange));
	}

	/**
	 * Writes a problem from outside the controllers (web filters, the security entry
	 * point); does nothing when the response is already committed.
	 * @param exchange the exchange it answers
	 * @param problem the problem
	 * @return completion of the write
	 */
	public Mono<Void> write(ServerWebExchange exchange, GatewayException problem) {
		ServerHttpResponse response = exchange.getResponse();
		if (response.isCommitted()) {
			return Mono.empty();
		}
		response.setStatusCode(problem.getStatusCode());
		response.getHeaders().addAll(problem.getHeaders());
		return this.writer.write(Mono.just(complete(problem, exchange)), PROBLEM, MediaType.APPLICATION_PROBLEM_JSON,
				response, Map.of());
	}

	private static ProblemDetail complete(GatewayException problem, ServerWebExchange exchange) {
		ProblemDetail body = problem.getBody();
		if (body.getInstance() == null) {
			body.setInstance(URI.create(exchange.getRequest().getPath().value()));
		}
		body.setProperty("requestId", RequestIdFilter.requestId(exchange));
		return body;
	}

}
