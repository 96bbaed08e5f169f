package com.platform.workergateway.poll;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;

/**
 * Watches a worker's connection for a short while after an answer with a task was written
 * to it, to tell an answer the worker read from one it never read (ADR 0004).
 * <p>
 * A TCP peer that closes its socket with unread data in it, or that receives data after
 * it closed, answers with a reset; one that read everything closes with a FIN. So a reset
 * before any further byte from the worker means the answer died in the worker's socket;
 * any byte from the worker, a FIN, or the end of the window means it was read (or may
 * have been: only a reset gives a task back, so a task is never handed to two workers on
 * a guess).
 * <p>
 * Installed first in every server connection's pipeline; it keeps no state of its own,
 * only the connection's answer on the wire in a channel attribute, and passes every event
 * on.
 */
@Sharable
final class AnswerReceipts extends ChannelInboundHandlerAdapter {

	static final String HANDLER_NAME = "workerGateway.answerReceipts";

	private static final AttributeKey<PollDelivery> ON_THE_WIRE = AttributeKey
		.valueOf(AnswerReceipts.class.getName() + ".onTheWire");

	private final Duration window;

	AnswerReceipts(Duration window) {
		this.window = window;
	}

	/**
	 * Watches the connection an answer with a task was just written to. Called on the
	 * connection's event loop, when Netty completed the write.
	 */
	void watch(Channel channel, PollDelivery delivery) {
		if (!channel.isActive() || channel.pipeline().get(HANDLER_NAME) == null) {
			// Closed already without our seeing how: assume the worker read it.
			delivery.received();
			return;
		}
		PollDelivery previous = channel.attr(ON_THE_WIRE).getAndSet(delivery);
		if (previous != null) {
			previous.received();
		}
		channel.eventLoop().schedule(() -> {
			if (channel.attr(ON_THE_WIRE).compareAndSet(delivery, null)) {
				delivery.received();
			}
		}, this.window.toNanos(), TimeUnit.NANOSECONDS);
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
		// The worker sent something after the answer: it is alive on this connection.
		settle(ctx, false);
		super.channelRead(ctx, msg);
	}

	@Override
	public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) throws Exception {
		if (cause instanceof IOException) {
			// A read failing with an I/O error is the peer's reset.
			settle(ctx, true);
		}
		super.exceptionCaught(ctx, cause);
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) throws Exception {
		// Closed without a reset: the worker's FIN.
		settle(ctx, false);
		super.channelInactive(ctx);
	}

	private static void settle(ChannelHandlerContext ctx, boolean reset) {
		PollDelivery delivery = ctx.channel().attr(ON_THE_WIRE).getAndSet(null);
		if (delivery == null) {
			return;
		}
		if (reset) {
			delivery.reset();
		}
		else {
			delivery.received();
		}
	}

}
