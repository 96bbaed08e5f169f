package com.platform.workergateway.emulator.task;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * The emulator's task queues: per worker group, FIFO tasks and FIFO held polls, with the
 * service's 2-minute re-assignment of unacknowledged tasks.
 * <p>
 * One lock guards all state and is held only to decide; answers are emitted after it is
 * released. That makes a hand-off atomic (a task goes to one poll per attempt, and a task
 * scheduled while a poll waits always meets it) without running subscriber code under the
 * lock. Timers run on the given {@link Scheduler}, which is also the clock of the ledger,
 * so tests drive both with a {@code VirtualTimeScheduler}.
 * <p>
 * A re-assigned task goes to the <em>front</em> of its group's queue: it is the oldest
 * work of the group and AWS promises it to "a subsequent PollForTask call".
 */
public final class InMemoryTaskQueue {

	private final Object lock = new Object();

	private final Scheduler scheduler;

	private final Duration pollHold;

	private final Duration ackTimeout;

	private final Map<String, EmulatedTask> tasks = new LinkedHashMap<>();

	private final Map<String, GroupQueue> groups = new HashMap<>();

	public InMemoryTaskQueue(Scheduler scheduler, Duration pollHold, Duration ackTimeout) {
		this.scheduler = scheduler;
		this.pollHold = pollHold;
		this.ackTimeout = ackTimeout;
	}

	public TaskLedgerEntry schedule(NewTask spec) {
		Instant now = now();
		EmulatedTask task = new EmulatedTask(DefaultAttempt.complete(TaskIds.taskId(), spec, now), spec.workerGroup(),
				now);
		Handoff handoff;
		TaskLedgerEntry entry;
		synchronized (this.lock) {
			this.tasks.put(task.taskId(), task);
			handoff = dispatch(task, false);
			entry = task.snapshot();
		}
		handoff.complete();
		return entry;
	}

	/**
	 * Takes a queued task at once, or holds the poll until a task is scheduled for its
	 * group or the hold ends.
	 * @return the task, or empty when the hold ended idle; cancelling it before a task
	 * was handed over withdraws the poll
	 */
	public Mono<TaskObject> poll(String workerGroup, @Nullable String hostname) {
		return Mono.defer(() -> {
			synchronized (this.lock) {
				GroupQueue group = group(workerGroup);
				EmulatedTask queued = group.tasks.pollFirst();
				if (queued != null) {
					assign(queued, hostname);
					return Mono.just(queued.object());
				}
				Waiter waiter = new Waiter(workerGroup, hostname);
				group.waiters.addLast(waiter);
				waiter.holdUntil(
						this.scheduler.schedule(() -> endHold(waiter), this.pollHold.toNanos(), TimeUnit.NANOSECONDS));
				return waiter.answer().doOnCancel(() -> withdraw(waiter));
			}
		});
	}

	/**
	 * Acknowledges a handed-out task or records progress on it.
	 * @return whether the task was canceled (and is now ended as such)
	 */
	public boolean reportProgress(String taskId, List<Field> fields) {
		synchronized (this.lock) {
			EmulatedTask task = reportable(taskId);
			// Even a canceling report proves delivery, so it is recorded as one.
			task.reportProgress(now(), fields);
			if (task.cancelRequested()) {
				task.end(TaskState.CANCELED, now());
			}
			return task.cancelRequested();
		}
	}

	public void setStatus(String taskId, String status, @Nullable String errorId, @Nullable String errorMessage,
			@Nullable String errorStackTrace) {
		synchronized (this.lock) {
			reportable(taskId).finish(status, errorId, errorMessage, errorStackTrace, now());
		}
	}

	/**
	 * Asks for a task to be canceled: a queued one ends at once, a handed-out one learns
	 * it from its next ReportTaskProgress.
	 */
	public TaskLedgerEntry cancel(String taskId) {
		synchronized (this.lock) {
			EmulatedTask task = this.tasks.get(taskId);
			if (task == null) {
				throw new NoSuchTaskException("No task with this id");
			}
			if (task.state().ended()) {
				throw new TaskEndedException("The task has already ended as " + task.state());
			}
			task.requestCancel();
			if (task.state() == TaskState.QUEUED) {
				group(task.workerGroup()).tasks.remove(task);
				task.end(TaskState.CANCELED, now());
			}
			return task.snapshot();
		}
	}

	public Optional<TaskLedgerEntry> ledger(String taskId) {
		synchronized (this.lock) {
			return Optional.ofNullable(this.tasks.get(taskId)).map(EmulatedTask::snapshot);
		}
	}

	public List<TaskLedgerEntry> ledger() {
		synchronized (this.lock) {
			return this.tasks.values().stream().map(EmulatedTask::snapshot).toList();
		}
	}

	/**
	 * Number of polls held right now for a worker group.
	 */
	public int waitingPolls(String workerGroup) {
		synchronized (this.lock) {
			GroupQueue group = this.groups.get(workerGroup);
			return (group != null) ? group.waiters.size() : 0;
		}
	}

	/**
	 * Forgets every task and answers every held poll with no task.
	 */
	public void reset() {
		List<Waiter> released = new ArrayList<>();
		synchronized (this.lock) {
			this.tasks.values().forEach(EmulatedTask::stopAckTimer);
			this.tasks.clear();
			this.groups.values().forEach((group) -> released.addAll(group.waiters));
			this.groups.clear();
		}
		released.forEach((waiter) -> {
			waiter.stopHold();
			waiter.release();
		});
	}

	private Handoff dispatch(EmulatedTask task, boolean front) {
		GroupQueue group = group(task.workerGroup());
		Waiter waiter = group.waiters.pollFirst();
		if (waiter == null) {
			if (front) {
				group.tasks.addFirst(task);
			}
			else {
				group.tasks.addLast(task);
			}
			return Handoff.NONE;
		}
		waiter.stopHold();
		assign(task, waiter.hostname());
		return new Handoff(waiter, task.object());
	}

	private void assign(EmulatedTask task, @Nullable String hostname) {
		int attempt = task.attempts() + 1;
		task.assign(now(), hostname, this.scheduler.schedule(() -> ackExpired(task, attempt), this.ackTimeout.toNanos(),
				TimeUnit.NANOSECONDS));
	}

	private void ackExpired(EmulatedTask task, int attempt) {
		Handoff handoff;
		synchronized (this.lock) {
			boolean current = this.tasks.get(task.taskId()) == task && task.attempts() == attempt;
			if (!current || task.state() != TaskState.ASSIGNED) {
				return;
			}
			if (task.cancelRequested()) {
				task.end(TaskState.CANCELED, now());
				return;
			}
			task.requeue(now(), "not acknowledged within " + this.ackTimeout);
			handoff = dispatch(task, true);
		}
		handoff.complete();
	}

	private void endHold(Waiter waiter) {
		boolean removed;
		synchronized (this.lock) {
			removed = group(waiter.workerGroup()).waiters.remove(waiter);
		}
		if (removed) {
			waiter.release();
		}
	}

	private void withdraw(Waiter waiter) {
		boolean removed;
		synchronized (this.lock) {
			removed = group(waiter.workerGroup()).waiters.remove(waiter);
		}
		if (removed) {
			waiter.stopHold();
		}
	}

	private EmulatedTask reportable(String taskId) {
		EmulatedTask task = this.tasks.get(taskId);
		if (task == null || !task.state().reportable()) {
			throw new NoSuchTaskException(
					(task == null) ? "The specified task was not found." : "The specified task was not found: it is "
							+ task.state().name().toLowerCase() + ", not assigned to a task runner.");
		}
		return task;
	}

	private GroupQueue group(String workerGroup) {
		return this.groups.computeIfAbsent(workerGroup, (name) -> new GroupQueue());
	}

	private Instant now() {
		return Instant.ofEpochMilli(this.scheduler.now(TimeUnit.MILLISECONDS));
	}

}
