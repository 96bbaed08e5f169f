package com.platform.workergateway.web;

import java.util.regex.Pattern;

import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Gives every exchange a request id: the caller's {@code X-Request-Id} when it is a sane
 * token, otherwise the server's own. It is echoed in the response and put in problems so
 * a worker's report can be matched with the gateway's logs.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class RequestIdFilter implements WebFilter {

	public static final String HEADER = "X-Request-Id";

	private static final String ATTRIBUTE = RequestIdFilter.class.getName() + ".requestId";

	private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		String supplied = exchange.getRequest().getHeaders().getFirst(HEADER);
		String requestId = (supplied != null && SANE.matcher(supplied).matches()) ? supplied
				: exchange.getRequest().getId();
		exchange.getAttributes().put(ATTRIBUTE, requestId);
		exchange.getResponse().getHeaders().set(HEADER, requestId);
		return chain.filter(exchange);
	}

	public static String requestId(ServerWebExchange exchange) {
		String requestId = exchange.getAttribute(ATTRIBUTE);
		return (requestId != null) ? requestId : exchange.getRequest().getId();
	}

}
