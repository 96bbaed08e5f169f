package com.platform.workergateway.poll;

import org.jspecify.annotations.Nullable;

import com.platform.workergateway.dispatch.Redelivery;
import com.platform.workergateway.upstream.TaskObject;

/**
 * One poll's task on its way to the worker. A task whose answer was never written (the
 * worker went away, or the write failed), or whose connection was reset before the worker
 * read the answer, is given back for the next worker of its group, so it does not wait
 * for Data Pipeline to re-assign it (ADR 0004).
 * <p>
 * Hand-off, write, the end of the exchange and what the connection shows afterwards
 * happen on different threads in any order, hence the monitor: exactly one of "received"
 * and "given back" wins.
 */
final class PollDelivery {

	private final GiveBack giveBack;

	private @Nullable String workerGroup;

	private @Nullable TaskObject task;

	private boolean written;

	private boolean ended;

	private boolean settled;

	PollDelivery(GiveBack giveBack) {
		this.giveBack = giveBack;
	}

	/** The dispatcher handed this poll a task. */
	void handedOff(String workerGroup, TaskObject task) {
		boolean endedAlready;
		synchronized (this) {
			this.workerGroup = workerGroup;
			this.task = task;
			endedAlready = this.ended;
		}
		if (endedAlready) {
			// The exchange ended between the hand-off and this call.
			giveBack(Redelivery.ANSWER_NOT_WRITTEN, false);
		}
	}

	/** The answer was flushed to the socket: now only a reset can take it back. */
	synchronized void written() {
		this.written = true;
	}

	/** The exchange ended, however it ended. */
	void ended() {
		synchronized (this) {
			this.ended = true;
		}
		giveBack(Redelivery.ANSWER_NOT_WRITTEN, false);
	}

	/**
	 * The connection showed that the worker read the answer, or the watch ended: the
	 * worker owns the task, once its answer was written (until then, a failed write still
	 * gives it back).
	 */
	synchronized void received() {
		if (this.written) {
			this.settled = true;
		}
	}

	/** The connection was reset after the answer was written and before it was read. */
	void reset() {
		giveBack(Redelivery.ANSWER_NOT_READ, true);
	}

	/** The task handed to this poll, if any. */
	synchronized @Nullable TaskObject task() {
		return this.task;
	}

	private void giveBack(Redelivery reason, boolean whenWritten) {
		String group;
		TaskObject undelivered;
		synchronized (this) {
			if (this.settled || this.task == null || this.written != whenWritten) {
				return;
			}
			this.settled = true;
			group = this.workerGroup;
			undelivered = this.task;
		}
		this.giveBack.giveBack(group, undelivered, reason);
	}

	/**
	 * Where a task that did not reach its worker goes.
	 */
	@FunctionalInterface
	interface GiveBack {

		void giveBack(String workerGroup, TaskObject task, Redelivery reason);

	}

}
