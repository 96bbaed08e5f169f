package com.platform.workergateway.emulator;

import java.util.UUID;

import reactor.core.publisher.Mono;

import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;

/**
 * Puts an {@code x-amzn-RequestId} on every answer, errors and 404s included, as the
 * service does; SDKs read it into their responses and exceptions.
 */
final class RequestIdHttpHandler implements HttpHandler {

	static final String REQUEST_ID = "x-amzn-RequestId";

	private final HttpHandler delegate;

	RequestIdHttpHandler(HttpHandler delegate) {
		this.delegate = delegate;
	}

	@Override
	public Mono<Void> handle(ServerHttpRequest request, ServerHttpResponse response) {
		response.getHeaders().set(REQUEST_ID, UUID.randomUUID().toString());
		return this.delegate.handle(request, response);
	}

}
