package com.platform.workergateway.dispatch;

import io.micrometer.tracing.TraceContext;
import org.jspecify.annotations.Nullable;

import com.platform.workergateway.upstream.TaskObject;
import reactor.core.Disposable;

/**
 * A task that arrived when no worker of its group was waiting, with the timer that
 * releases it.
 */
final class HeldTask {

	private final TaskObject task;

	// Set by the thread that holds the task, cancelled by whichever thread hands it out:
	// volatile, so the cancel sees the timer (a stale no-op would release a task handed
	// out).
	private volatile Disposable releaseTimer = () -> {
	};

	private final @Nullable TraceContext source;

	HeldTask(TaskObject task, @Nullable TraceContext source) {
		this.task = task;
		this.source = source;
	}

	/** The span of the upstream poll that brought it, if traced. */
	@Nullable TraceContext source() {
		return this.source;
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
