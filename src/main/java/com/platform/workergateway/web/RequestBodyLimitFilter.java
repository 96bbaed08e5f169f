package com.platform.workergateway.web;

import java.util.concurrent.atomic.AtomicLong;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Caps request bodies at {@link InputProperties#maxBodySize()}: a declared
 * {@code Content-Length} over the cap is refused before anything is read, and a body that
 * turns out longer (chunked) fails as soon as it passes the cap, whoever reads it. Both
 * answers are 413 {@code payload-too-large} and close the connection, so the rest of the
 * body is not read. Runs before authentication: a huge body is refused cheaply.
 */
class RequestBodyLimitFilter implements WebFilter, Ordered {

	static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

	private final long maxBytes;

	private final ProblemResponses problems;

	RequestBodyLimitFilter(InputProperties properties, ProblemResponses problems) {
		this.maxBytes = properties.maxBodyBytes();
		this.problems = problems;
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		long declared = exchange.getRequest().getHeaders().getContentLength();
		if (declared > this.maxBytes) {
			return this.problems.write(exchange, tooLarge());
		}
		return chain.filter(exchange.mutate().request(new Capped(exchange.getRequest())).build());
	}

	private GatewayException tooLarge() {
		GatewayException failure = new GatewayException(ProblemType.PAYLOAD_TOO_LARGE,
				"The request body is over the limit of " + this.maxBytes + " bytes");
		failure.getHeaders().set(HttpHeaders.CONNECTION, "close");
		return failure;
	}

	private final class Capped extends ServerHttpRequestDecorator {

		Capped(ServerHttpRequest delegate) {
			super(delegate);
		}

		@Override
		public Flux<DataBuffer> getBody() {
			AtomicLong received = new AtomicLong();
			return super.getBody().handle((buffer, sink) -> {
				if (received.addAndGet(buffer.readableByteCount()) > RequestBodyLimitFilter.this.maxBytes) {
					DataBufferUtils.release(buffer);
					sink.error(tooLarge());
				}
				else {
					sink.next(buffer);
				}
			});
		}

	}

}
