package com.platform.workergateway.dispatch;

import io.micrometer.tracing.TraceContext;
import org.jspecify.annotations.Nullable;

import com.platform.workergateway.upstream.PollForTask;
import com.platform.workergateway.upstream.TaskObject;
import reactor.core.publisher.MonoSink;

/**
 * A worker's poll waiting in its group's queue. Its place in the queue is guarded by the
 * group's lock; whoever removes it from the queue owns its completion.
 */
final class Waiter {

	private final PollForTask request;

	private final MonoSink<TaskObject> sink;

	private final @Nullable TraceContext trace;

	Waiter(PollForTask request, MonoSink<TaskObject> sink, @Nullable TraceContext trace) {
		this.request = request;
		this.sink = sink;
		this.trace = trace;
	}

	/** The span of the worker's request, if it is traced. */
	@Nullable TraceContext trace() {
		return this.trace;
	}

	PollForTask request() {
		return this.request;
	}

	void deliver(TaskObject task) {
		this.sink.success(task);
	}

	void endEmpty() {
		this.sink.success();
	}

	void fail(Throwable error) {
		this.sink.error(error);
	}

}
