package com.platform.workergateway.poll;

import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;

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
import com.platform.workergateway.dispatch.Redelivery;
import com.platform.workergateway.task.TaskActivity;
import com.platform.workergateway.upstream.TaskObject;

/**
 * Follows a poll's task until its worker has it: a task handed to a worker whose
 * connection closed before the answer could be written, or whose write failed, or whose
 * connection was reset before it read the answer ({@link AnswerReceipts}), goes back to
 * the dispatcher for the next worker of the group (ADR 0004).
 */
@Component
class PollDeliveryFilter implements WebFilter, Ordered {

	static final String POLL_PATH = "/v1/tasks/poll";

	private static final String ATTRIBUTE = PollDeliveryFilter.class.getName() + ".delivery";

	private final Dispatcher dispatcher;

	private final TaskActivity activity;

	private final AnswerReceipts receipts;

	PollDeliveryFilter(Dispatcher dispatcher, TaskActivity activity, AnswerReceipts receipts) {
		this.dispatcher = dispatcher;
		this.activity = activity;
		this.receipts = receipts;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		if (!isPoll(exchange)) {
			return chain.filter(exchange);
		}
		PollDelivery delivery = new PollDelivery(this::giveBack);
		exchange.getAttributes().put(ATTRIBUTE, delivery);
		ServerWebExchange watched = exchange.mutate()
			.response(new WatchedResponse(exchange.getResponse(), delivery, this.receipts))
			.build();
		return chain.filter(watched).doFinally((signal) -> delivery.ended());
	}

	private void giveBack(String workerGroup, TaskObject task, Redelivery reason) {
		if (reason == Redelivery.ANSWER_NOT_READ && this.activity.acknowledged(task.taskId())) {
			// Its worker reported on it through this replica: it read the answer.
			return;
		}
		this.dispatcher.giveBack(workerGroup, task, reason);
	}

	private static boolean isPoll(ServerWebExchange exchange) {
		return HttpMethod.POST.equals(exchange.getRequest().getMethod())
				&& POLL_PATH.equals(exchange.getRequest().getPath().pathWithinApplication().value());
	}

	/**
	 * The delivery of a poll exchange. A poll that did not pass through this filter would
	 * lose its task when its worker went away, so that is a wiring error, not a case to
	 * paper over with a delivery that gives nothing back.
	 */
	static PollDelivery delivery(ServerWebExchange exchange) {
		PollDelivery delivery = exchange.getAttribute(ATTRIBUTE);
		if (delivery == null) {
			throw new IllegalStateException(
					"The poll exchange did not pass through " + PollDeliveryFilter.class.getSimpleName());
		}
		return delivery;
	}

	@Override
	public int getOrder() {
		// Innermost: it only watches the answer the controller writes.
		return Ordered.LOWEST_PRECEDENCE;
	}

	private static final class WatchedResponse extends ServerHttpResponseDecorator {

		private final PollDelivery delivery;

		private final AnswerReceipts receipts;

		WatchedResponse(ServerHttpResponse delegate, PollDelivery delivery, AnswerReceipts receipts) {
			super(delegate);
			this.delivery = delivery;
			this.receipts = receipts;
		}

		@Override
		public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
			// Completes when Netty's write future does: the answer is in the socket.
			return Mono.defer(() -> {
				watch();
				return super.writeWith(body).doOnSuccess((done) -> this.delivery.written());
			});
		}

		@Override
		public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
			return Mono.defer(() -> {
				watch();
				return super.writeAndFlushWith(body).doOnSuccess((done) -> this.delivery.written());
			});
		}

		/** From before the first byte, so that a FIN crossing the answer is seen. */
		private void watch() {
			if (this.delivery.task() == null) {
				return;
			}
			Object nativeResponse = ServerHttpResponseDecorator.getNativeResponse(getDelegate());
			if (nativeResponse instanceof Connection connection) {
				this.receipts.watch(connection.channel(), this.delivery);
			}
		}

	}

}
