package com.platform.workergateway.poll;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPromise;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.unix.Errors;
import io.netty.channel.unix.Errors.NativeIoException;
import io.netty.channel.unix.Socket;
import io.netty.util.AttributeKey;

/**
 * Watches a worker's connection while an answer with a task is written to it and for a
 * short while after, to tell an answer the worker read from one it never read (ADR 0004).
 * <p>
 * A TCP peer that closes its socket with unread data in it, or that receives data after
 * it closed, answers with a reset; one that read everything closes with a FIN alone. So:
 * <ul>
 * <li>a reset before any further byte from the worker means the answer died in the
 * worker's socket: the task is given back;</li>
 * <li>a FIN is looked at twice: the connection is kept half-open (its close deferred) for
 * {@link #RESET_PROBE_DELAY}, then the socket's pending error tells whether a reset
 * followed (a JDK client shuts its output before it closes, and a FIN may cross the
 * answer on the wire; both are followed by a reset when the answer was not read);</li>
 * <li>any byte from the worker, a FIN alone, or the end of the window means it was read,
 * or may have been: only a reset gives a task back, so a task is never handed to two
 * workers on a guess.</li>
 * </ul>
 * Half-open connections and the socket's pending error need Netty's native epoll
 * transport (Linux); elsewhere a FIN closes the connection as usual and counts as read.
 * <p>
 * Installed first in every server connection's pipeline, it keeps no state of its own,
 * only the connection's answer on the wire in channel attributes. A FIN on a connection
 * with nothing on the wire closes it at once, as Netty does by default.
 */
@Sharable
final class AnswerReceipts extends ChannelDuplexHandler {

	static final String HANDLER_NAME = "workerGateway.answerReceipts";

	/**
	 * How long a connection the worker closed stays half-open before its pending error is
	 * read. A reset that follows a FIN arrives within a round trip of the worker's close,
	 * but a JDK client on NIO closes the socket it shut only on its selector's next turn,
	 * which a busy worker may delay; only FIN-ed connections with an answer on the wire
	 * wait this long.
	 */
	static final Duration RESET_PROBE_DELAY = Duration.ofMillis(500);

	private static final AttributeKey<PollDelivery> ON_THE_WIRE = AttributeKey
		.valueOf(AnswerReceipts.class.getName() + ".onTheWire");

	private static final AttributeKey<Boolean> PROBING = AttributeKey
		.valueOf(AnswerReceipts.class.getName() + ".probing");

	private final Duration window;

	AnswerReceipts(Duration window) {
		this.window = window;
	}

	/**
	 * Adds this handler to a new server connection.
	 */
	void install(Channel channel) {
		if (canProbe(channel)) {
			// A FIN then reaches this handler as an event instead of closing at once.
			channel.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
		}
		channel.pipeline().addFirst(HANDLER_NAME, this);
	}

	private static boolean canProbe(Channel channel) {
		return channel instanceof EpollSocketChannel;
	}

	/**
	 * Watches the connection an answer with a task is about to be written to, from any
	 * thread, until the worker shows it read it or the window ends.
	 */
	void watch(Channel channel, PollDelivery delivery) {
		if (channel.pipeline().get(HANDLER_NAME) == null) {
			// Not a connection of this server: no watch, the worker owns what it gets.
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
		if (isPeerReset(cause)) {
			settle(ctx, true);
		}
		super.exceptionCaught(ctx, cause);
	}

	/**
	 * A read that failed because the peer reset the connection; other I/O errors (of the
	 * transport itself, say) prove nothing about the worker.
	 */
	private static boolean isPeerReset(Throwable cause) {
		if (cause instanceof NativeIoException nativeError) {
			return nativeError.expectedErr() == Errors.ERRNO_ECONNRESET_NEGATIVE;
		}
		// The JDK transport (NIO) says so in its message only.
		return cause instanceof IOException && cause.getMessage() != null
				&& cause.getMessage().startsWith("Connection reset");
	}

	@Override
	public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
		if (event != ChannelInputShutdownEvent.INSTANCE) {
			super.userEventTriggered(ctx, event);
			return;
		}
		// The worker's FIN, half-open.
		if (ctx.channel().attr(ON_THE_WIRE).get() == null) {
			ctx.close();
			return;
		}
		if (resetFollowed(ctx.channel())) {
			// The reset came with the FIN (Netty may be closing the channel already).
			settle(ctx, true);
			ctx.close();
			return;
		}
		// Did a reset follow it? The close waits for the answer.
		ctx.channel().attr(PROBING).set(Boolean.TRUE);
		ctx.executor().schedule(() -> probe(ctx), RESET_PROBE_DELAY.toNanos(), TimeUnit.NANOSECONDS);
	}

	@Override
	public void close(ChannelHandlerContext ctx, ChannelPromise promise) throws Exception {
		if (isProbing(ctx.channel())) {
			// Reactor Netty may close a connection whose input ended once its exchange is
			// over; the socket's pending error must be read first. The probe closes it.
			ctx.channel().closeFuture().addListener((closed) -> promise.trySuccess());
			return;
		}
		super.close(ctx, promise);
	}

	@Override
	public void read(ChannelHandlerContext ctx) throws Exception {
		if (isProbing(ctx.channel())) {
			// Reactor Netty asks for the next request once an exchange is over; on a
			// connection whose input is shut Netty answers that by closing it.
			return;
		}
		super.read(ctx);
	}

	private static void probe(ChannelHandlerContext ctx) {
		settle(ctx, resetFollowed(ctx.channel()));
		ctx.channel().attr(PROBING).set(null);
		// Its input is shut: this connection serves no further request.
		ctx.close();
	}

	private static boolean resetFollowed(Channel channel) {
		if (channel.isOpen() && channel instanceof EpollSocketChannel epoll && epoll.fd() instanceof Socket socket) {
			try {
				// EPIPE or ECONNRESET once the peer's reset arrived; 0 after a FIN alone.
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
		// Closed without a reset seen.
		settle(ctx, false);
		super.channelInactive(ctx);
	}

	// Called on every read: most connections never carry a task, and a read needs no
	// write to the attribute when nothing is on the wire (hasAttr creates nothing).
	private static boolean isProbing(Channel channel) {
		return channel.hasAttr(PROBING) && Boolean.TRUE.equals(channel.attr(PROBING).get());
	}

	private static void settle(ChannelHandlerContext ctx, boolean reset) {
		Channel channel = ctx.channel();
		if (!channel.hasAttr(ON_THE_WIRE) || channel.attr(ON_THE_WIRE).get() == null) {
			return;
		}
		PollDelivery delivery = channel.attr(ON_THE_WIRE).getAndSet(null);
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
