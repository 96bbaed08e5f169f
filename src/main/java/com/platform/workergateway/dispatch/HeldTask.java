package com.platform.workergateway.dispatch;

import com.platform.workergateway.upstream.TaskObject;
import reactor.core.Disposable;

/**
 * A task that arrived when no worker of its group was waiting, with the timer that
 * releases it.
 */
final class HeldTask {

	private final TaskObject task;

	private Disposable releaseTimer = () -> {
	};

	HeldTask(TaskObject task) {
		this.task = task;
	}

	TaskObject task() {
		return this.task;
	}

	void releaseTimer(Disposable timer) {
		this.releaseTimer = timer;
	}

	void cancelReleaseTimer() {
		this.releaseTimer.dispose();
	}

}
