package com.platform.workergateway.poll;

import java.util.function.BiConsumer;

import org.jspecify.annotations.Nullable;

import com.platform.workergateway.upstream.TaskObject;

/**
 * One poll's answer on its way to the worker: the task handed to it, and whether the
 * answer left for the socket. A task whose answer was never written (the worker went
 * away, or the write failed) is given back for the next worker of its group, so it does
 * not wait for Data Pipeline to re-assign it.
 * <p>
 * Hand-off, write and the end of the exchange happen on different threads in any order,
 * hence the monitor: exactly one of "written" and "given back" wins.
 */
final class PollDelivery {

	private final BiConsumer<String, TaskObject> giveBack;

	private @Nullable String workerGroup;

	private @Nullable TaskObject task;

	private boolean written;

	private boolean ended;

	PollDelivery(BiConsumer<String, TaskObject> giveBack) {
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
			giveBack();
		}
	}

	/** The answer was flushed to the socket; from here on the worker owns the task. */
	synchronized void written() {
		this.written = true;
	}

	/** The exchange ended, however it ended. */
	void ended() {
		synchronized (this) {
			this.ended = true;
		}
		giveBack();
	}

	private void giveBack() {
		String group;
		TaskObject undelivered;
		synchronized (this) {
			if (this.written || this.task == null) {
				return;
			}
			group = this.workerGroup;
			undelivered = this.task;
			this.task = null;
		}
		this.giveBack.accept(group, undelivered);
	}

}
