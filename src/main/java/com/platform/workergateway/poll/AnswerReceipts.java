package com.platform.workergateway.poll;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.unix.Socket;
import io.netty.util.AttributeKey;

/**
 * Watches a worker's connection for a short while after an answer with a task was written
 * to it, to tell an answer the worker read from one it never read (ADR 0004).
 * <p>
 * A TCP peer that closes its socket with unread data in it, or that receives data after
 * it closed, answers with a reset; one that read everything closes with a FIN alone. So:
 * <ul>
 * <li>a reset before any further byte from the worker means the answer died in the
 * worker's socket: the task is given back;</li>
 * <li>a FIN is looked at twice: the connection is kept half-open for
 * {@link #RESET_PROBE_DELAY}, then the socket's pending error tells whether a reset
 * followed (a JDK client shuts its output before it closes, and a FIN may cross the
 * answer on the wire; both are followed by a reset when the answer was not read);</li>
 * <li>any byte from the worker, a FIN alone, or the end of the window means it was read,
 * or may have been: only a reset gives a task back, so a task is never handed to two
 * workers on a guess.</li>
 * </ul>
 * The socket's pending error is read on the native epoll transport (Linux); elsewhere a
 * FIN counts as read.
 * <p>
 * Installed first in every server connection's pipeline; it keeps no state of its own,
 * only the connection's answer on the wire in a channel attribute, and passes every event
 * on except the FIN of a watched connection, which it closes itself after the probe.
 */
@Sharable
final class AnswerReceipts extends ChannelInboundHandlerAdapter {

	static final String HANDLER_NAME = "workerGateway.answerReceipts";

	private static final AttributeKey<PollDelivery> ON_THE_WIRE = AttributeKey
		.valueOf(AnswerReceipts.class.getName() + ".onTheWire");

	/**
	 * How long a connection the worker closed stays half-open before its pending error is
	 * read: a reset that follows a FIN arrives within a round trip.
	 */
	static final Duration RESET_PROBE_DELAY = Duration.ofMillis(50);

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
		if (canProbe(channel)) {
			// A FIN then leaves the socket open for the probe instead of closing it.
			channel.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
		}
		channel.eventLoop().schedule(() -> {
			if (channel.attr(ON_THE_WIRE).compareAndSet(delivery, null)) {
				settled(channel);
				delivery.received();
			}
		}, this.window.toNanos(), TimeUnit.NANOSECONDS);
	}

	private static boolean canProbe(Channel channel) {
		return channel instanceof EpollSocketChannel;
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
	public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
		if (event == ChannelInputShutdownEvent.INSTANCE && ctx.channel().attr(ON_THE_WIRE).get() != null) {
			// The worker's FIN, half-open: did a reset follow it?
			ctx.executor().schedule(() -> probe(ctx), RESET_PROBE_DELAY.toNanos(), TimeUnit.NANOSECONDS);
			return;
		}
		super.userEventTriggered(ctx, event);
	}

	private static void probe(ChannelHandlerContext ctx) {
		settle(ctx, resetFollowed(ctx.channel()));
		// Its input is shut: this connection serves no further request.
		ctx.close();
	}

	private static boolean resetFollowed(Channel channel) {
		if (channel.isOpen() && channel instanceof EpollSocketChannel epoll && epoll.fd() instanceof Socket socket) {
			try {
				// ECONNRESET or EPIPE once the peer's reset arrived; 0 after a FIN alone.
				return socket.getSoError() != 0;
			}
			catch (IOException ex) {
				return false;
			}
		}
		return false;
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
		settled(ctx.channel());
		if (reset) {
			delivery.reset();
		}
		else {
			delivery.received();
		}
	}

	/** Back to the server's default: a FIN closes the connection. */
	private static void settled(Channel channel) {
		if (canProbe(channel) && channel.isOpen()) {
			channel.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, false);
		}
	}

}
