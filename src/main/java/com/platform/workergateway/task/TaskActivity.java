package com.platform.workergateway.task;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;

/**
 * What this replica knows of the tasks it handed out or relayed reports for: when a task
 * was handed off, whether it was acknowledged, and the last upstream answer to a progress
 * report. It drives first-acknowledgement priority, progress coalescing and the
 * acknowledgement meters.
 * <p>
 * Entries exist only for tasks behind a valid task token, are dropped when the task's
 * status is reported, and expire after {@code worker-gateway.report.retention}. State is
 * per replica: a report that reaches another replica is treated as a first
 * acknowledgement there, which only raises its priority.
 */
public class TaskActivity {

	private final Map<String, TaskState> tasks = new ConcurrentHashMap<>();

	private final LongSupplier nanoTime;

	private final Duration acknowledgementWindow;

	private final Duration retention;

	private final Timer acknowledgementLatency;

	private final Counter unacknowledged;

	public TaskActivity(MeterRegistry meters, LongSupplier nanoTime, Duration acknowledgementWindow,
			Duration retention) {
		this.nanoTime = nanoTime;
		this.acknowledgementWindow = acknowledgementWindow;
		this.retention = retention;
		this.acknowledgementLatency = Timer.builder("worker.gateway.tasks.acknowledgement")
			.description("Time from handing a task to a worker to the worker's first progress report")
			.register(meters);
		this.unacknowledged = Counter.builder("worker.gateway.tasks.unacknowledged")
			.description("Tasks handed to a worker that sent no progress report within the acknowledgement window")
			.register(meters);
	}

	/** A task was handed to a worker. */
	public void handedOff(String taskId) {
		this.tasks.put(taskId, new TaskState(this.nanoTime.getAsLong()));
	}

	/**
	 * Whether a worker's progress report on the task went through this replica since it
	 * was last handed off.
	 */
	public boolean acknowledged(String taskId) {
		TaskState state = this.tasks.get(taskId);
		return state != null && state.acknowledged();
	}

	/**
	 * The state of a task a worker reports on, created when this replica has not seen it.
	 */
	public TaskState state(String taskId) {
		return this.tasks.computeIfAbsent(taskId, (id) -> new TaskState(0));
	}

	/**
	 * Records a successful upstream answer to a progress report.
	 */
	public void progressReported(TaskState state, boolean canceled) {
		long now = this.nanoTime.getAsLong();
		if (state.acknowledge(now, canceled) && state.handedOffAt() != 0) {
			this.acknowledgementLatency.record(now - state.handedOffAt(), TimeUnit.NANOSECONDS);
		}
	}

	/** The task ended: its status was reported. */
	public void ended(String taskId) {
		this.tasks.remove(taskId);
	}

	/**
	 * Counts tasks handed off and never acknowledged within the window, and forgets
	 * entries past their retention.
	 */
	public void sweep() {
		long now = this.nanoTime.getAsLong();
		this.tasks.values().removeIf((state) -> {
			if (state.isUnacknowledgedAfter(now, this.acknowledgementWindow)) {
				this.unacknowledged.increment();
				return true;
			}
			return now - state.touchedAt() > this.retention.toNanos();
		});
	}

	/**
	 * One task's state. Fields are guarded by the object's monitor.
	 */
	public static final class TaskState {

		private final long handedOffAt;

		private boolean acknowledged;

		private long lastReportedAt;

		private @Nullable Boolean lastCanceled;

		private long touchedAt;

		TaskState(long handedOffAt) {
			this.handedOffAt = handedOffAt;
			this.touchedAt = handedOffAt;
		}

		long handedOffAt() {
			return this.handedOffAt;
		}

		/**
		 * @return whether this was the first acknowledgement
		 */
		synchronized boolean acknowledge(long now, boolean canceled) {
			boolean first = !this.acknowledged;
			this.acknowledged = true;
			this.lastReportedAt = now;
			this.lastCanceled = canceled;
			this.touchedAt = now;
			return first;
		}

		public synchronized boolean acknowledged() {
			return this.acknowledged;
		}

		/**
		 * The last upstream answer, if it is younger than {@code maxAge} or the task was
		 * canceled (which is final).
		 */
		public synchronized @Nullable Boolean recentAnswer(long now, Duration maxAge) {
			if (Boolean.TRUE.equals(this.lastCanceled)) {
				return true;
			}
			return (this.lastCanceled != null && now - this.lastReportedAt < maxAge.toNanos()) ? this.lastCanceled
					: null;
		}

		/** The last upstream answer, however old. */
		public synchronized @Nullable Boolean lastAnswer() {
			return this.lastCanceled;
		}

		synchronized boolean isUnacknowledgedAfter(long now, Duration window) {
			return !this.acknowledged && this.handedOffAt != 0 && now - this.handedOffAt > window.toNanos();
		}

		synchronized long touchedAt() {
			return this.touchedAt;
		}

	}

}
