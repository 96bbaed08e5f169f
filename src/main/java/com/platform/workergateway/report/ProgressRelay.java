package com.platform.workergateway.report;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;

import com.platform.workergateway.budget.BudgetExceededException;
import com.platform.workergateway.budget.Priority;
import com.platform.workergateway.task.TaskActivity;
import com.platform.workergateway.task.TaskActivity.TaskState;
import com.platform.workergateway.upstream.TaskObject;
import com.platform.workergateway.upstream.TaskProgress;

/**
 * Relays progress reports: a task's first report (its acknowledgement, due within 2
 * minutes) at high priority, later ones at low priority and coalesced, so a chatty worker
 * cannot use up the account's ReportTaskProgress budget.
 * <p>
 * Reports for one task that arrive while one is in flight share its answer; a report
 * within the coalescing window of the last one is answered from it; a low-priority report
 * the budget refuses is answered from the last answer when there is one. A
 * {@code canceled} answer is final and always returned.
 * <p>
 * No field is lost to coalescing: the fields of a report that does not go upstream are
 * held and merged per key (latest wins) into the task's next upstream report, or sent in
 * one last report before its status ({@link #flush}). Only a canceled task's fields are
 * dropped: nothing may be reported on it any more.
 */
public class ProgressRelay {

	private final UpstreamReports reports;

	private final TaskActivity activity;

	private final Duration coalesceWindow;

	private final LongSupplier nanoTime;

	private final Counter coalesced;

	private final Map<String, Mono<Boolean>> inFlight = new ConcurrentHashMap<>();

	private final PendingFields pending;

	private final Counter droppedFields;

	public ProgressRelay(UpstreamReports reports, TaskActivity activity, Duration coalesceWindow, LongSupplier nanoTime,
			MeterRegistry meters) {
		this.reports = reports;
		this.activity = activity;
		this.coalesceWindow = coalesceWindow;
		this.nanoTime = nanoTime;
		this.coalesced = Counter.builder("worker.gateway.coalesced")
			.description("Reports answered without an upstream call")
			.tag("operation", "ReportTaskProgress")
			.register(meters);
		this.pending = new PendingFields(nanoTime);
		this.droppedFields = Counter.builder("worker.gateway.progress.fields.dropped")
			.description("Progress fields of coalesced reports that never went upstream (task canceled, forgotten,"
					+ " or its last report failed)")
			.register(meters);
	}

	/**
	 * @return whether the task was canceled upstream
	 */
	public Mono<Boolean> report(String taskId, List<TaskObject.Field> fields) {
		return Mono.defer(() -> {
			TaskState state = this.activity.state(taskId);
			Boolean recent = state.recentAnswer(this.nanoTime.getAsLong(), this.coalesceWindow);
			if (recent != null) {
				this.coalesced.increment();
				holdUnlessCanceled(taskId, fields, recent);
				return Mono.just(recent);
			}
			boolean[] joined = { true };
			Mono<Boolean> call = this.inFlight.computeIfAbsent(taskId, (id) -> {
				joined[0] = false;
				return relay(state, taskId, fields);
			});
			if (joined[0]) {
				this.coalesced.increment();
				// The call in flight was sent without them: they go with the next one.
				this.pending.hold(taskId, fields);
			}
			return call;
		});
	}

	/**
	 * Sends the task's held fields, if any, in one last progress report (high priority:
	 * it is part of finishing the task). Never fails: the status report follows
	 * regardless.
	 */
	public Mono<Void> flush(String taskId) {
		return Mono.defer(() -> {
			List<TaskObject.Field> fields = this.pending.takeMergedWith(taskId, List.of());
			if (fields.isEmpty()) {
				return Mono.empty();
			}
			return this.reports.reportTaskProgress(new TaskProgress(taskId, fields), Priority.HIGH)
				.then()
				.onErrorResume((failure) -> {
					this.droppedFields.increment(fields.size());
					return Mono.empty();
				});
		});
	}

	/** Forgets held fields of tasks not reported on within the retention. */
	public void sweep(Duration retention) {
		this.droppedFields.increment(this.pending.sweep(retention));
	}

	private void holdUnlessCanceled(String taskId, List<TaskObject.Field> fields, boolean canceled) {
		if (canceled) {
			this.droppedFields.increment(fields.size() + this.pending.takeMergedWith(taskId, List.of()).size());
		}
		else {
			this.pending.hold(taskId, fields);
		}
	}

	private Mono<Boolean> relay(TaskState state, String taskId, List<TaskObject.Field> fields) {
		Priority priority = state.acknowledged() ? Priority.LOW : Priority.HIGH;
		List<TaskObject.Field> sent = this.pending.takeMergedWith(taskId, fields);
		return this.reports.reportTaskProgress(new TaskProgress(taskId, sent), priority)
			.doOnNext((canceled) -> this.activity.progressReported(state, canceled))
			// Not sent (refused or failed): they go with the next report.
			.doOnError((failure) -> this.pending.restore(taskId, sent))
			.onErrorResume(BudgetExceededException.class, (refused) -> lastAnswerOr(state, refused))
			.doFinally((signal) -> this.inFlight.remove(taskId))
			// Shared by every report that joins while it flies; it runs to its end even
			// if
			// the worker that started it goes away.
			.cache();
	}

	private Mono<Boolean> lastAnswerOr(TaskState state, BudgetExceededException refused) {
		Boolean last = state.lastAnswer();
		if (last == null) {
			return Mono.error(refused);
		}
		this.coalesced.increment();
		return Mono.just(last);
	}

}
