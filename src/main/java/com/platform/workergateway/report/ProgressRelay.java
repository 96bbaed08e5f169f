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
 */
public class ProgressRelay {

	private final UpstreamReports reports;

	private final TaskActivity activity;

	private final Duration coalesceWindow;

	private final LongSupplier nanoTime;

	private final Counter coalesced;

	private final Map<String, Mono<Boolean>> inFlight = new ConcurrentHashMap<>();

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
				return Mono.just(recent);
			}
			boolean[] joined = { true };
			Mono<Boolean> call = this.inFlight.computeIfAbsent(taskId, (id) -> {
				joined[0] = false;
				return relay(state, new TaskProgress(taskId, fields));
			});
			if (joined[0]) {
				this.coalesced.increment();
			}
			return call;
		});
	}

	private Mono<Boolean> relay(TaskState state, TaskProgress progress) {
		Priority priority = state.acknowledged() ? Priority.LOW : Priority.HIGH;
		return this.reports.reportTaskProgress(progress, priority)
			.doOnNext((canceled) -> this.activity.progressReported(state, canceled))
			.onErrorResume(BudgetExceededException.class, (refused) -> lastAnswerOr(state, refused))
			.doFinally((signal) -> this.inFlight.remove(progress.taskId()))
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
