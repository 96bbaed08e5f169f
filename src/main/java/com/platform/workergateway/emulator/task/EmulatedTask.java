package com.platform.workergateway.emulator.task;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;

/**
 * A task's mutable state. Not thread-safe: every access happens under the lock of
 * {@link InMemoryTaskQueue}.
 */
final class EmulatedTask {

	private final TaskObject object;

	private final String workerGroup;

	private final Instant createdAt;

	private final List<Assignment> assignments = new ArrayList<>();

	private TaskState state = TaskState.QUEUED;

	private int progressReports;

	private List<Field> lastProgressFields = List.of();

	private @Nullable String finalStatus;

	private @Nullable Instant endedAt;

	private @Nullable String errorId;

	private @Nullable String errorMessage;

	private @Nullable String errorStackTrace;

	private boolean cancelRequested;

	private @Nullable Disposable ackTimer;

	EmulatedTask(TaskObject object, String workerGroup, Instant createdAt) {
		this.object = object;
		this.workerGroup = workerGroup;
		this.createdAt = createdAt;
	}

	TaskObject object() {
		return this.object;
	}

	String taskId() {
		return this.object.taskId();
	}

	String workerGroup() {
		return this.workerGroup;
	}

	TaskState state() {
		return this.state;
	}

	int attempts() {
		return this.assignments.size();
	}

	boolean cancelRequested() {
		return this.cancelRequested;
	}

	void requestCancel() {
		this.cancelRequested = true;
	}

	/**
	 * Records a hand-off and returns its attempt number.
	 */
	int assign(Instant at, @Nullable String hostname, Disposable ackTimer) {
		this.state = TaskState.ASSIGNED;
		this.assignments.add(new Assignment(this.assignments.size() + 1, at, hostname, null, null, null));
		this.ackTimer = ackTimer;
		return this.assignments.size();
	}

	void reportProgress(Instant at, List<Field> fields) {
		if (this.state == TaskState.ASSIGNED) {
			this.state = TaskState.ACKNOWLEDGED;
			replaceLast(last().acknowledged(at));
			stopAckTimer();
		}
		this.progressReports++;
		this.lastProgressFields = List.copyOf(fields);
	}

	void requeue(Instant at, String reason) {
		this.state = TaskState.QUEUED;
		replaceLast(last().reassigned(at, reason));
		this.ackTimer = null;
	}

	void end(TaskState finalState, Instant at) {
		this.state = finalState;
		this.endedAt = at;
		stopAckTimer();
	}

	void finish(String status, @Nullable String errorId, @Nullable String errorMessage,
			@Nullable String errorStackTrace, Instant at) {
		this.finalStatus = status;
		this.errorId = errorId;
		this.errorMessage = errorMessage;
		this.errorStackTrace = errorStackTrace;
		end(TaskState.valueOf(status), at);
	}

	void stopAckTimer() {
		if (this.ackTimer != null) {
			this.ackTimer.dispose();
			this.ackTimer = null;
		}
	}

	TaskLedgerEntry snapshot() {
		return new TaskLedgerEntry(taskId(), this.workerGroup, this.object.pipelineId(), this.object.attemptId(),
				this.state, this.createdAt, List.copyOf(this.assignments), this.progressReports,
				this.lastProgressFields, this.finalStatus, this.endedAt, this.errorId, this.errorMessage,
				this.errorStackTrace, this.cancelRequested, this.object.objects());
	}

	private Assignment last() {
		return this.assignments.get(this.assignments.size() - 1);
	}

	private void replaceLast(Assignment assignment) {
		this.assignments.set(this.assignments.size() - 1, assignment);
	}

}
