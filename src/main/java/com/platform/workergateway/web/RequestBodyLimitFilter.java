package com.platform.workergateway.web;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.handler.timeout.ReadTimeoutException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Guards the reading of request bodies, whoever reads them. Caps them at
 * {@link InputProperties#maxBodySize()}: a declared {@code Content-Length} over the cap
 * is refused before anything is read, and a body that turns out longer (chunked) fails as
 * soon as it passes the cap; both answers are 413 {@code payload-too-large}. A body sent
 * too slowly (Reactor Netty's read or request timeout, {@code body-idle-timeout} and
 * {@code body-read-timeout}) is 408 {@code request-timeout}. A JSON body that is not
 * well-formed UTF-8 is 400 {@code invalid-request}. The answers that leave a body unread
 * close the connection. Runs before authentication: a huge body is refused cheaply.
 */
class RequestBodyLimitFilter implements WebFilter, Ordered {

	static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

	private final long maxBytes;

	private final Duration bodyReadTimeout;

	private final Duration bodyIdleTimeout;

	private final ProblemResponses problems;

	RequestBodyLimitFilter(InputProperties properties, ProblemResponses problems) {
		this.maxBytes = properties.maxBodyBytes();
		this.bodyReadTimeout = properties.bodyReadTimeout();
		this.bodyIdleTimeout = properties.bodyIdleTimeout();
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

	private static GatewayException notUtf8() {
		return Problems.of(ProblemType.INVALID_REQUEST, "The request body is not well-formed UTF-8");
	}

	private GatewayException tooLarge() {
		return Problems.of(ProblemType.PAYLOAD_TOO_LARGE,
				"The request body is over the limit of " + this.maxBytes + " bytes");
	}

	private GatewayException slowBody() {
		GatewayException problem = Problems.of(ProblemType.REQUEST_TIMEOUT,
				"The request body did not arrive within " + this.bodyReadTimeout.toSeconds()
						+ " s, or paused longer than " + this.bodyIdleTimeout.toSeconds() + " s");
		// The rest of the body may still come: the connection cannot serve another
		// request.
		problem.getHeaders().set(HttpHeaders.CONNECTION, "close");
		return problem;
	}

	/**
	 * Reactor Netty's {@code readTimeout} and {@code requestTimeout} (the latter's
	 * exception class is not public), however wrapped.
	 */
	static boolean isReadTimeout(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof ReadTimeoutException
					|| cause.getClass().getName().equals("reactor.netty.http.server.RequestTimeoutException")) {
				return true;
			}
		}
		return false;
	}

	private static boolean isJson(ServerHttpRequest request) {
		MediaType type = request.getHeaders().getContentType();
		return type != null && (MediaType.APPLICATION_JSON.isCompatibleWith(type)
				|| (type.getSubtypeSuffix() != null && type.getSubtypeSuffix().equals("json")));
	}

	private final class Capped extends ServerHttpRequestDecorator {

		Capped(ServerHttpRequest delegate) {
			super(delegate);
		}

		@Override
		public Flux<DataBuffer> getBody() {
			AtomicLong received = new AtomicLong();
			Utf8Validator utf8 = isJson(getDelegate()) ? new Utf8Validator() : null;
			Flux<DataBuffer> body = super.getBody().handle((buffer, sink) -> {
				if (received.addAndGet(buffer.readableByteCount()) > RequestBodyLimitFilter.this.maxBytes) {
					DataBufferUtils.release(buffer);
					sink.error(tooLarge());
				}
				else if (utf8 != null && !wellFormed(utf8, buffer)) {
					DataBufferUtils.release(buffer);
					sink.error(notUtf8());
				}
				else {
					sink.next(buffer);
				}
			});
			Flux<DataBuffer> checked = (utf8 != null)
					? body.concatWith(Mono
						.defer(() -> utf8.complete() ? Mono.<DataBuffer>empty() : Mono.<DataBuffer>error(notUtf8())))
					: body;
			return checked.onErrorMap(RequestBodyLimitFilter::isReadTimeout, (timeout) -> slowBody());
		}

		private static boolean wellFormed(Utf8Validator utf8, DataBuffer buffer) {
			return buffer.readableByteCount() == 0
					|| buffer.forEachByte(buffer.readPosition(), buffer.readableByteCount(), utf8::accept) == -1;
		}

	}

}
