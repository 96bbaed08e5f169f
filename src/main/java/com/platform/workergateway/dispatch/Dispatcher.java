package com.platform.workergateway.dispatch;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

import io.micrometer.tracing.TraceContext;
import org.jspecify.annotations.Nullable;

import com.platform.workergateway.budget.UpstreamBudget;
import com.platform.workergateway.upstream.DataPipelineClient;
import com.platform.workergateway.upstream.PollForTask;
import com.platform.workergateway.upstream.TaskObject;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.scheduler.Scheduler;

/**
 * Matches workers' polls with tasks from upstream PollForTask calls, per worker group
 * (ADR 1): FIFO waiters, at most K upstream polls in flight per group and never more than
 * there are waiters, atomic hand-off to the oldest waiter, held orphans.
 */
public class Dispatcher {

	private final DataPipelineClient upstream;

	private final UpstreamBudget budget;

	private final DispatchProperties properties;

	private final DispatchMetrics metrics;

	private final Scheduler timer;

	private final LongSupplier nanoTime;

	private final DispatchTracing tracing;

	private final AtomicInteger totalWaiters = new AtomicInteger();

	private final Map<String, WorkerGroupQueue> groups = new ConcurrentHashMap<>();

	private final Map<WorkerGroupQueue, DispatchMetrics.GroupMeters> groupMeters = new ConcurrentHashMap<>();

	private volatile boolean draining;

	Dispatcher(DataPipelineClient upstream, UpstreamBudget budget, DispatchProperties properties,
			DispatchMetrics metrics, Scheduler timer) {
		this(upstream, budget, properties, metrics, timer, System::nanoTime, DispatchTracing.NOOP);
	}

	Dispatcher(DataPipelineClient upstream, UpstreamBudget budget, DispatchProperties properties,
			DispatchMetrics metrics, Scheduler timer, LongSupplier nanoTime, DispatchTracing tracing) {
		this.nanoTime = nanoTime;
		this.tracing = tracing;
		this.upstream = upstream;
		this.budget = budget;
		this.properties = properties;
		this.metrics = metrics;
		this.timer = timer;
	}

	/**
	 * Waits for a task of the request's worker group.
	 * @param request the worker's poll
	 * @param wait how long to wait before completing empty
	 * @return the task, or empty when the wait ended without one; errors with
	 * {@link WaiterLimitExceededException}, {@link DispatcherDrainingException} or the
	 * upstream poll's failure
	 */
	public Mono<TaskObject> poll(PollForTask request, Duration wait) {
		return Mono.deferContextual((context) -> {
			WaitTimer timer = new WaitTimer(this.nanoTime);
			@Nullable TraceContext trace = this.tracing.requestSpan(context);
			Mono<TaskObject> task = Mono.create((sink) -> enqueue(request, wait, sink, timer, trace));
			return task.doOnDiscard(TaskObject.class, (discarded) -> {
				this.metrics.redelivered(Redelivery.CANCELLED_AT_HAND_OFF);
				reoffer(request.workerGroup(), discarded);
			}).transform((mono) -> timed(timer, mono));
		});
	}

	private void enqueue(PollForTask request, Duration wait, MonoSink<TaskObject> sink, WaitTimer timer,
			@Nullable TraceContext trace) {
		// Even while draining: the group's queue hands out a held task, or takes the
		// waiter for an upstream poll in flight that its waiters left, and refuses
		// otherwise.
		Waiter waiter = new Waiter(request, sink, trace);
		try {
			WorkerGroupQueue queue = join(request.workerGroup(), waiter, timer);
			sink.onCancel(() -> queue.leave(waiter));
			sink.onDispose(this.timer.schedule(() -> queue.expire(waiter), wait.toNanos(), TimeUnit.NANOSECONDS));
		}
		catch (WaiterLimitExceededException | DispatcherDrainingException ex) {
			sink.error(ex);
		}
	}

	private WorkerGroupQueue join(String workerGroup, Waiter waiter, WaitTimer timer) {
		while (true) {
			WorkerGroupQueue queue = this.groups.computeIfAbsent(workerGroup, this::newQueue);
			// Before joining: a held task is handed out, or a refusal thrown, within it.
			timer.meters = this.groupMeters.get(queue);
			if (queue.join(waiter)) {
				return queue;
			}
			// Retired by the idle sweep between lookup and join: it is gone from the map.
		}
	}

	private WorkerGroupQueue newQueue(String workerGroup) {
		WorkerGroupQueue queue = new WorkerGroupQueue(workerGroup, this.upstream, this.budget, this.properties,
				this.metrics, this.timer, this.totalWaiters, this.tracing);
		this.groupMeters.put(queue, this.metrics.registerGroup(queue));
		if (this.draining) {
			queue.drain();
		}
		return queue;
	}

	/**
	 * Takes back a task handed to a worker that never got it: it goes to the group's next
	 * waiter, or is held for the next poll.
	 * @param workerGroup the group the task was polled for
	 * @param task the task
	 * @param reason how the answer was lost
	 */
	public void giveBack(String workerGroup, TaskObject task, Redelivery reason) {
		this.metrics.redelivered(reason);
		reoffer(workerGroup, task);
	}

	/**
	 * A task reached a worker that had just gone away: it goes to the group's next
	 * waiter.
	 */
	private void reoffer(String workerGroup, TaskObject task) {
		while (!this.groups.computeIfAbsent(workerGroup, this::newQueue).offer(task)) {
			// Retired by the idle sweep between lookup and offer: it is gone from the
			// map.
		}
	}

	// Recorded on the signal itself: while an error propagates, the web layer may cancel,
	// which doFinally would report first.
	private static Mono<TaskObject> timed(WaitTimer timer, Mono<TaskObject> poll) {
		return poll.doOnSuccess((task) -> timer.record((task != null) ? PollOutcome.TASK : PollOutcome.EMPTY))
			.doOnError((error) -> timer.record(isRejection(error) ? PollOutcome.REJECTED : PollOutcome.ERROR))
			.doOnCancel(() -> timer.record(PollOutcome.CANCELLED));
	}

	/**
	 * One poll's wait, recorded once, on the meters of the queue it joined (a group's
	 * meters live as long as its queue).
	 */
	private static final class WaitTimer {

		private final LongSupplier nanoTime;

		private final long start;

		private final AtomicBoolean recorded = new AtomicBoolean();

		volatile DispatchMetrics.@Nullable GroupMeters meters;

		WaitTimer(LongSupplier nanoTime) {
			this.nanoTime = nanoTime;
			this.start = nanoTime.getAsLong();
		}

		void record(PollOutcome outcome) {
			DispatchMetrics.GroupMeters groupMeters = this.meters;
			if (groupMeters != null && this.recorded.compareAndSet(false, true)) {
				groupMeters.recordWait(outcome, this.nanoTime.getAsLong() - this.start);
			}
		}

	}

	private static boolean isRejection(Throwable error) {
		return error instanceof WaiterLimitExceededException || error instanceof DispatcherDrainingException;
	}

	/**
	 * Forgets groups with nothing waiting, in flight or held, and removes their gauges.
	 */
	void evictIdleGroups() {
		this.groups.values().removeIf((queue) -> {
			if (!queue.retireIfIdle()) {
				return false;
			}
			this.metrics.removeGroup(queue, this.groupMeters.remove(queue));
			return true;
		});
	}

	/**
	 * Takes polls again after a {@link #drain()}: a stopped context can be restarted
	 * (Spring pauses and resumes cached contexts, for one).
	 */
	void resume() {
		this.draining = false;
		this.groups.values().forEach(WorkerGroupQueue::resume);
	}

	/**
	 * Stops taking polls and starting upstream polls.
	 */
	void drain() {
		this.draining = true;
		this.groups.values().forEach(WorkerGroupQueue::drain);
	}

	boolean hasUpstreamPollsInFlight() {
		return this.groups.values().stream().anyMatch(WorkerGroupQueue::hasUpstreamPollsInFlight);
	}

	boolean hasHeldTasks() {
		return this.groups.values().stream().anyMatch(WorkerGroupQueue::hasHeldTasks);
	}

	int waiters() {
		return this.totalWaiters.get();
	}

}
