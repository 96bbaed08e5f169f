package com.platform.workergateway.web;

import java.util.regex.Pattern;

import reactor.core.publisher.Mono;
import reactor.util.context.Context;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Gives every exchange a request id: the caller's {@code X-Request-Id} when it is a sane
 * token, otherwise the server's own. It is echoed in the response, put in problems, and
 * carried in the Reactor context under {@value #CONTEXT_KEY}, from where automatic
 * context propagation ({@code spring.reactor.context-propagation=auto}) puts it in the
 * logging MDC as {@value #MDC_KEY} (ECS's field for it) on every thread that serves the
 * request: every log line written for it carries it.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class RequestIdFilter implements WebFilter {

	public static final String HEADER = "X-Request-Id";

	/** Key of the request id in the Reactor context. */
	public static final String CONTEXT_KEY = "worker-gateway.request-id";

	/** Key of the request id in the logging MDC: ECS's {@code http.request.id}. */
	public static final String MDC_KEY = "http.request.id";

	private static final String ATTRIBUTE = RequestIdFilter.class.getName() + ".requestId";

	private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		String supplied = exchange.getRequest().getHeaders().getFirst(HEADER);
		String requestId = (supplied != null && SANE.matcher(supplied).matches()) ? supplied
				: exchange.getRequest().getId();
		exchange.getAttributes().put(ATTRIBUTE, requestId);
		exchange.getResponse().getHeaders().set(HEADER, requestId);
		return chain.filter(exchange).contextWrite(Context.of(CONTEXT_KEY, requestId));
	}

	public static String requestId(ServerWebExchange exchange) {
		String requestId = exchange.getAttribute(ATTRIBUTE);
		return (requestId != null) ? requestId : exchange.getRequest().getId();
	}

}
