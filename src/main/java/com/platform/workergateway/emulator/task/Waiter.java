package com.platform.workergateway.emulator.task;

import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * A held PollForTask. Whoever removes it from its group's queue (under the queue's lock)
 * owns it and is the only one to answer it, so it is answered exactly once.
 */
final class Waiter {

	private final String workerGroup;

	private final @Nullable String hostname;

	private final Sinks.One<TaskObject> answer = Sinks.one();

	private @Nullable Disposable holdTimer;

	Waiter(String workerGroup, @Nullable String hostname) {
		this.workerGroup = workerGroup;
		this.hostname = hostname;
	}

	String workerGroup() {
		return this.workerGroup;
	}

	@Nullable String hostname() {
		return this.hostname;
	}

	void holdUntil(Disposable timer) {
		this.holdTimer = timer;
	}

	void stopHold() {
		if (this.holdTimer != null) {
			this.holdTimer.dispose();
		}
	}

	Mono<TaskObject> answer() {
		return this.answer.asMono();
	}

	/**
	 * Answers with a task; called outside the lock. If the client has gone meanwhile the
	 * task is lost on the wire, as with the real service.
	 */
	void deliver(TaskObject task) {
		this.answer.tryEmitValue(task);
	}

	/**
	 * Ends the hold without a task.
	 */
	void release() {
		this.answer.tryEmitEmpty();
	}

}
