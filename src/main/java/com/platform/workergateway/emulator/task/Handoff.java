package com.platform.workergateway.emulator.task;

import org.jspecify.annotations.Nullable;

/**
 * A decision taken under the lock to give a task to a held poll, carried out after the
 * lock is released so that no subscriber code ever runs while it is held.
 */
record Handoff(@Nullable Waiter waiter, @Nullable TaskObject task) {

	static final Handoff NONE = new Handoff(null, null);

	void complete() {
		if (this.waiter != null && this.task != null) {
			this.waiter.deliver(this.task);
		}
	}

}
