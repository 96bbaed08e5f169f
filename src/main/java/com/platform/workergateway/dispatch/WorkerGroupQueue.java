package com.platform.workergateway.dispatch;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import io.micrometer.observation.Observation;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import io.micrometer.tracing.TraceContext;
import org.jspecify.annotations.Nullable;

import com.platform.workergateway.budget.Priority;
import com.platform.workergateway.budget.UpstreamBudget;
import com.platform.workergateway.budget.UpstreamOperation;
import com.platform.workergateway.upstream.DataPipelineClient;
import com.platform.workergateway.upstream.DataPipelineOperation;
import com.platform.workergateway.upstream.PollForTask;
import com.platform.workergateway.upstream.TaskObject;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.util.context.Context;

/**
 * One worker group's FIFO queue of waiting workers, its upstream polls in flight and the
 * tasks held for want of a waiter.
 * <p>
 * All state is guarded by this object's monitor, held only for queue bookkeeping: workers
 * are answered and upstream calls started after it is released. Whoever removes a waiter
 * from the queue owns its answer, so a task goes to exactly one waiter and a waiter gets
 * exactly one answer. Upstream polls are started for the group, not for a worker: a
 * worker that leaves never cancels one (a cancelled long poll can lose a task "on the
 * wire").
 */
final class WorkerGroupQueue {

	private static final Log logger = LogFactory.getLog(WorkerGroupQueue.class);

	private final String workerGroup;

	private final DataPipelineClient upstream;

	private final UpstreamBudget budget;

	private final DispatchProperties properties;

	private final DispatchMetrics metrics;

	private final Scheduler timer;

	private final AtomicInteger totalWaiters;

	private final DispatchTracing tracing;

	private final Deque<Waiter> waiters = new ArrayDeque<>();

	private final Deque<HeldTask> held = new ArrayDeque<>();

	private int upstreamPollsInFlight;

	private boolean draining;

	private boolean retired;

	WorkerGroupQueue(String workerGroup, DataPipelineClient upstream, UpstreamBudget budget,
			DispatchProperties properties, DispatchMetrics metrics, Scheduler timer, AtomicInteger totalWaiters,
			DispatchTracing tracing) {
		this.tracing = tracing;
		this.workerGroup = workerGroup;
		this.upstream = upstream;
		this.budget = budget;
		this.properties = properties;
		this.metrics = metrics;
		this.timer = timer;
		this.totalWaiters = totalWaiters;
	}

	String workerGroup() {
		return this.workerGroup;
	}

	synchronized int waiterCount() {
		return this.waiters.size();
	}

	synchronized int upstreamPollsInFlight() {
		return this.upstreamPollsInFlight;
	}

	/**
	 * Adds a waiter, or hands it a held task at once.
	 * @return false if this queue was retired and the caller must use a fresh one
	 */
	boolean join(Waiter waiter) {
		HeldTask heldTask;
		synchronized (this) {
			if (this.retired) {
				return false;
			}
			heldTask = this.held.pollFirst();
			if (heldTask == null) {
				admit(waiter);
			}
		}
		if (heldTask != null) {
			heldTask.cancelReleaseTimer();
			this.metrics.orphanHandedOff();
			this.tracing.handedOff(waiter.trace(), heldTask.source(), this.workerGroup);
			waiter.deliver(heldTask.task());
			return true;
		}
		startUpstreamPolls();
		return true;
	}

	private void admit(Waiter waiter) {
		if (this.draining && this.upstreamPollsInFlight <= this.waiters.size()) {
			// A draining group takes a waiter only for an upstream poll in flight that no
			// waiter is left for; otherwise a quick 503 sends the worker to another
			// replica.
			throw new DispatcherDrainingException();
		}
		if (this.waiters.size() >= this.properties.maxWaitersPerGroup()) {
			throw new WaiterLimitExceededException(
					"Worker group already has " + this.waiters.size() + " waiting workers");
		}
		if (this.totalWaiters.incrementAndGet() > this.properties.maxWaiters()) {
			this.totalWaiters.decrementAndGet();
			throw new WaiterLimitExceededException("The gateway already holds its maximum of waiting workers");
		}
		this.waiters.addLast(waiter);
	}

	/** The worker went away: it leaves the queue; upstream polls go on. */
	synchronized void leave(Waiter waiter) {
		remove(waiter);
	}

	/** The worker's wait ended with no task. */
	void expire(Waiter waiter) {
		boolean removed;
		synchronized (this) {
			removed = remove(waiter);
		}
		if (removed) {
			waiter.endEmpty();
		}
	}

	private boolean remove(Waiter waiter) {
		boolean removed = this.waiters.remove(waiter);
		if (removed) {
			this.totalWaiters.decrementAndGet();
		}
		return removed;
	}

	private @Nullable Waiter takeOldestWaiter() {
		Waiter waiter = this.waiters.pollFirst();
		if (waiter != null) {
			this.totalWaiters.decrementAndGet();
		}
		return waiter;
	}

	/**
	 * Starts upstream polls while there are fewer than K in flight and fewer than there
	 * are waiters: demand-bounded, no prefetch.
	 */
	private void startUpstreamPolls() {
		List<PollForTask> toStart = new ArrayList<>(1);
		synchronized (this) {
			while (!this.draining && this.upstreamPollsInFlight < this.properties.maxUpstreamPollsPerGroup()
					&& this.upstreamPollsInFlight < this.waiters.size()) {
				this.upstreamPollsInFlight++;
				// The upstream attempt records the runner's host: the oldest waiter is
				// the
				// one a task is handed to first.
				toStart.add(upstreamRequestFor(this.waiters.peekFirst().request()));
			}
		}
		toStart.forEach(this::pollUpstream);
	}

	private PollForTask upstreamRequestFor(PollForTask workerRequest) {
		return new PollForTask(this.workerGroup, workerRequest.hostname(), workerRequest.instanceIdentity());
	}

	private void pollUpstream(PollForTask request) {
		// The breaker is asked first: a fleet re-polling during an outage must not drain
		// the budget with calls the breaker refuses anyway.
		Observation poll = this.tracing.startPoll(this.workerGroup);
		this.upstream.permitted(DataPipelineOperation.POLL_FOR_TASK)
			.then(this.budget.acquire(UpstreamOperation.POLL_FOR_TASK, Priority.HIGH))
			.then(Mono.defer(() -> this.upstream.pollForTask(request)))
			.map(Optional::of)
			.defaultIfEmpty(Optional.empty())
			.contextWrite(Context.of(ObservationThreadLocalAccessor.KEY, poll))
			.subscribe((task) -> {
				this.tracing.stopPoll(poll, task.isPresent() ? "task" : "empty", null);
				onUpstreamAnswer(task, this.tracing.spanOf(poll));
			}, (error) -> {
				this.tracing.stopPoll(poll, "error", error);
				onUpstreamError(error);
			});
	}

	private void onUpstreamAnswer(Optional<TaskObject> task, @Nullable TraceContext source) {
		List<Waiter> endEmpty = List.of();
		Placement placement = null;
		synchronized (this) {
			this.upstreamPollsInFlight--;
			if (task.isPresent()) {
				// Placed under the same lock as the decrement, so the idle sweep
				// cannot retire the queue in between and lose the task.
				placement = place(task.get(), source);
			}
			if (this.draining && this.upstreamPollsInFlight == 0) {
				// Nothing more will come for the workers still waiting.
				endEmpty = drainWaiters(this.waiters.size());
			}
		}
		if (placement != null) {
			placement.complete();
		}
		endEmpty.forEach(Waiter::endEmpty);
		startUpstreamPolls();
	}

	/**
	 * A failed upstream poll fails the waiters it was serving (all but those that polls
	 * still in flight can serve), oldest first, so workers learn of an outage promptly.
	 */
	private void onUpstreamError(Throwable error) {
		List<Waiter> failed;
		synchronized (this) {
			this.upstreamPollsInFlight--;
			failed = drainWaiters(this.waiters.size() - this.upstreamPollsInFlight);
		}
		logger.debug("Upstream poll for worker group failed: " + error);
		failed.forEach((waiter) -> waiter.fail(error));
	}

	private List<Waiter> drainWaiters(int count) {
		List<Waiter> drained = new ArrayList<>(Math.max(count, 0));
		for (int i = 0; i < count; i++) {
			drained.add(takeOldestWaiter());
		}
		return drained;
	}

	/**
	 * Hands a task to the oldest live waiter, or holds it for the next poll of the group.
	 * Used when a hand-off reached a worker that had just gone away.
	 * @return false if this queue was retired and the caller must use a fresh one
	 */
	boolean offer(TaskObject task) {
		Placement placement;
		synchronized (this) {
			if (this.retired) {
				return false;
			}
			placement = place(task, null);
		}
		placement.complete();
		return true;
	}

	private Placement place(TaskObject task, @Nullable TraceContext source) {
		Waiter waiter = takeOldestWaiter();
		if (waiter != null) {
			return () -> {
				this.tracing.handedOff(waiter.trace(), source, this.workerGroup);
				waiter.deliver(task);
			};
		}
		HeldTask heldTask = new HeldTask(task, source);
		this.held.addLast(heldTask);
		return () -> heldTask.releaseTimer(this.timer.schedule(() -> release(heldTask),
				this.properties.orphanHold().toNanos(), TimeUnit.NANOSECONDS));
	}

	/**
	 * What is left to do, outside the lock, once a task has been placed.
	 */
	@FunctionalInterface
	private interface Placement {

		void complete();

	}

	private void release(HeldTask heldTask) {
		boolean released;
		synchronized (this) {
			released = this.held.remove(heldTask);
		}
		if (released) {
			this.metrics.orphanReleased();
			logger.warn("Released task " + heldTask.task().taskId() + " of worker group '" + this.workerGroup
					+ "': no worker polled within " + this.properties.orphanHold()
					+ "; Data Pipeline re-assigns it when its acknowledgement window ends");
		}
	}

	/**
	 * Stops starting upstream polls. Waiters stay, and new ones are taken, while a poll
	 * in flight may still bring them a task; with none in flight they are answered empty
	 * at once. Held tasks still go to the next poll of the group.
	 */
	void drain() {
		List<Waiter> endEmpty = List.of();
		synchronized (this) {
			this.draining = true;
			if (this.upstreamPollsInFlight == 0) {
				endEmpty = drainWaiters(this.waiters.size());
			}
		}
		endEmpty.forEach(Waiter::endEmpty);
	}

	synchronized void resume() {
		this.draining = false;
	}

	synchronized boolean hasUpstreamPollsInFlight() {
		return this.upstreamPollsInFlight > 0;
	}

	synchronized boolean hasHeldTasks() {
		return !this.held.isEmpty();
	}

	/**
	 * Retires this queue if nothing waits, flies or is held, so it can be forgotten.
	 * @return whether it was retired
	 */
	synchronized boolean retireIfIdle() {
		if (this.waiters.isEmpty() && this.held.isEmpty() && this.upstreamPollsInFlight == 0) {
			this.retired = true;
		}
		return this.retired;
	}

}
