package com.platform.workergateway.poll;

import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import com.platform.workergateway.dispatch.Dispatcher;

/**
 * Watches a poll's answer until it is written: a task handed to a worker whose connection
 * closed before the answer could be written, or whose write failed, goes back to the
 * dispatcher for the next worker of the group (DESIGN.md §3, ADR 0004).
 * <p>
 * "Written" means Netty flushed the answer to the socket; what the kernel accepted but
 * the worker never read cannot be seen here, and is left to Data Pipeline's
 * acknowledgement rule.
 */
@Component
class PollDeliveryFilter implements WebFilter, Ordered {

	static final String POLL_PATH = "/v1/tasks/poll";

	private static final String ATTRIBUTE = PollDeliveryFilter.class.getName() + ".delivery";

	private final Dispatcher dispatcher;

	PollDeliveryFilter(Dispatcher dispatcher) {
		this.dispatcher = dispatcher;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		if (!isPoll(exchange)) {
			return chain.filter(exchange);
		}
		PollDelivery delivery = new PollDelivery(this.dispatcher::giveBack);
		exchange.getAttributes().put(ATTRIBUTE, delivery);
		ServerWebExchange watched = exchange.mutate()
			.response(new WatchedResponse(exchange.getResponse(), delivery))
			.build();
		return chain.filter(watched).doFinally((signal) -> delivery.ended());
	}

	private static boolean isPoll(ServerWebExchange exchange) {
		return HttpMethod.POST.equals(exchange.getRequest().getMethod())
				&& POLL_PATH.equals(exchange.getRequest().getPath().pathWithinApplication().value());
	}

	/**
	 * The delivery of a poll exchange, or one that gives nothing back when the poll did
	 * not pass through this filter.
	 */
	static PollDelivery delivery(ServerWebExchange exchange) {
		PollDelivery delivery = exchange.getAttribute(ATTRIBUTE);
		return (delivery != null) ? delivery : new PollDelivery((group, task) -> {
		});
	}

	@Override
	public int getOrder() {
		// Innermost: it only watches the answer the controller writes.
		return Ordered.LOWEST_PRECEDENCE;
	}

	private static final class WatchedResponse extends ServerHttpResponseDecorator {

		private final PollDelivery delivery;

		WatchedResponse(ServerHttpResponse delegate, PollDelivery delivery) {
			super(delegate);
			this.delivery = delivery;
		}

		@Override
		public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
			// Completes when Netty's write future does: the answer is in the socket.
			return super.writeWith(body).doOnSuccess((done) -> this.delivery.written());
		}

		@Override
		public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
			return super.writeAndFlushWith(body).doOnSuccess((done) -> this.delivery.written());
		}

	}

}
