package com.platform.workergateway.emulator.task;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Hand-off, holds and re-assignment, on virtual time: nothing here really waits.
 */
class InMemoryTaskQueueTests {

	private static final Duration HOLD = Duration.ofSeconds(90);

	private static final Duration ACK = Duration.ofMinutes(2);

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	private final VirtualTimeScheduler time = VirtualTimeScheduler.create();

	private final InMemoryTaskQueue queue = new InMemoryTaskQueue(this.time, HOLD, ACK);

	@Test
	void shouldAnswerAtOnceWhenATaskIsQueued() {
		TaskLedgerEntry scheduled = this.queue.schedule(NewTask.forWorkerGroup("wg"));

		StepVerifier.create(this.queue.poll("wg", "host-1"))
			.assertNext((task) -> assertThat(task.taskId()).isEqualTo(scheduled.taskId()))
			.expectComplete()
			.verify(TIMEOUT);
		TaskLedgerEntry entry = ledger(scheduled.taskId());
		assertThat(entry.state()).isEqualTo(TaskState.ASSIGNED);
		assertThat(entry.assignments()).singleElement().satisfies((assignment) -> {
			assertThat(assignment.attempt()).isEqualTo(1);
			assertThat(assignment.hostname()).isEqualTo("host-1");
			assertThat(assignment.assignedAt()).isEqualTo(Instant.EPOCH);
		});
	}

	@Test
	void shouldHoldThePollThenAnswerEmptyWhenNoTaskArrives() {
		StepVerifier.withVirtualTime(() -> this.queue.poll("wg", null), () -> this.time, Long.MAX_VALUE)
			.expectSubscription()
			.then(() -> assertThat(this.queue.waitingPolls("wg")).isOne())
			.expectNoEvent(HOLD.minusMillis(1))
			.thenAwait(Duration.ofMillis(1))
			.expectComplete()
			.verify(TIMEOUT);
		assertThat(this.queue.waitingPolls("wg")).isZero();
	}

	@Test
	void shouldAnswerTheHeldPollWhenATaskIsScheduled() {
		StepVerifier.withVirtualTime(() -> this.queue.poll("wg", "h"), () -> this.time, Long.MAX_VALUE)
			.expectSubscription()
			.thenAwait(Duration.ofSeconds(30))
			.then(() -> this.queue.schedule(NewTask.forWorkerGroup("wg")))
			.assertNext((task) -> assertThat(ledger(task.taskId()).assignments().get(0).assignedAt())
				.isEqualTo(Instant.EPOCH.plusSeconds(30)))
			.expectComplete()
			.verify(TIMEOUT);
	}

	@Test
	void shouldServeHeldPollsFirstComeFirstServedWhenTasksArrive() {
		List<String> answers = new java.util.concurrent.CopyOnWriteArrayList<>();
		this.queue.poll("wg", "first").subscribe((task) -> answers.add("first:" + task.taskId()));
		this.queue.poll("wg", "second").subscribe((task) -> answers.add("second:" + task.taskId()));

		String a = this.queue.schedule(NewTask.forWorkerGroup("wg")).taskId();
		String b = this.queue.schedule(NewTask.forWorkerGroup("wg")).taskId();

		assertThat(answers).containsExactly("first:" + a, "second:" + b);
	}

	@Test
	void shouldHandOutQueuedTasksInScheduleOrder() {
		String a = this.queue.schedule(NewTask.forWorkerGroup("wg")).taskId();
		String b = this.queue.schedule(NewTask.forWorkerGroup("wg")).taskId();

		assertThat(this.queue.poll("wg", null).block(TIMEOUT).taskId()).isEqualTo(a);
		assertThat(this.queue.poll("wg", null).block(TIMEOUT).taskId()).isEqualTo(b);
	}

	@Test
	void shouldKeepWorkerGroupsApartWhenTasksArrive() {
		List<String> answers = new java.util.concurrent.CopyOnWriteArrayList<>();
		this.queue.poll("blue", null).subscribe((task) -> answers.add("blue"));

		TaskLedgerEntry green = this.queue.schedule(NewTask.forWorkerGroup("green"));
		TaskLedgerEntry greenCase = this.queue.schedule(NewTask.forWorkerGroup("Blue"));

		assertThat(answers).isEmpty();
		assertThat(ledger(green.taskId()).state()).isEqualTo(TaskState.QUEUED);
		assertThat(ledger(greenCase.taskId()).state()).isEqualTo(TaskState.QUEUED);
		assertThat(this.queue.waitingPolls("blue")).isOne();
	}

	@Test
	void shouldWithdrawThePollWhenItsClientGoesAwayBeforeATask() {
		Disposable poll = this.queue.poll("wg", null).subscribe();
		poll.dispose();

		TaskLedgerEntry entry = this.queue.schedule(NewTask.forWorkerGroup("wg"));

		assertThat(this.queue.waitingPolls("wg")).isZero();
		assertThat(ledger(entry.taskId()).state()).isEqualTo(TaskState.QUEUED);
		assertThat(ledger(entry.taskId()).assignments()).isEmpty();
	}

	@Test
	void shouldLoseTheTaskOnTheWireThenReassignItWhenNeverAcknowledged() {
		Disposable lost = this.queue.poll("wg", "gone").subscribe();
		String taskId = this.queue.schedule(NewTask.forWorkerGroup("wg")).taskId();
		lost.dispose();
		assertThat(ledger(taskId).state()).isEqualTo(TaskState.ASSIGNED);

		this.time.advanceTimeBy(ACK.minusMillis(1));
		assertThat(ledger(taskId).state()).isEqualTo(TaskState.ASSIGNED);
		this.time.advanceTimeBy(Duration.ofMillis(1));

		TaskLedgerEntry requeued = ledger(taskId);
		assertThat(requeued.state()).isEqualTo(TaskState.QUEUED);
		assertThat(requeued.assignments()).singleElement().satisfies((assignment) -> {
			assertThat(assignment.reassignedAt()).isEqualTo(Instant.EPOCH.plus(ACK));
			assertThat(assignment.reason()).contains("not acknowledged");
		});
		assertThat(this.queue.poll("wg", "next").block(TIMEOUT).taskId()).isEqualTo(taskId);
		assertThat(ledger(taskId).assignments()).extracting(Assignment::attempt, Assignment::hostname)
			.containsExactly(org.assertj.core.groups.Tuple.tuple(1, "gone"),
					org.assertj.core.groups.Tuple.tuple(2, "next"));
	}

	@Test
	void shouldPutAReassignedTaskAheadOfNewerOnes() {
		String old = this.queue.schedule(NewTask.forWorkerGroup("wg")).taskId();
		this.queue.poll("wg", null).block(TIMEOUT);
		String newer = this.queue.schedule(NewTask.forWorkerGroup("wg")).taskId();

		this.time.advanceTimeBy(ACK);

		assertThat(this.queue.poll("wg", null).block(TIMEOUT).taskId()).isEqualTo(old);
		assertThat(this.queue.poll("wg", null).block(TIMEOUT).taskId()).isEqualTo(newer);
	}

	@Test
	void shouldHandTheReassignedTaskToAWaitingPollAtOnce() {
		String taskId = this.queue.schedule(NewTask.forWorkerGroup("wg")).taskId();
		this.queue.poll("wg", null).block(TIMEOUT);
		this.time.advanceTimeBy(ACK.minusSeconds(10));
		List<String> answers = new java.util.concurrent.CopyOnWriteArrayList<>();
		this.queue.poll("wg", "waiting").subscribe((task) -> answers.add(task.taskId()));

		this.time.advanceTimeBy(Duration.ofSeconds(10));

		assertThat(answers).containsExactly(taskId);
		assertThat(ledger(taskId).assignments()).hasSize(2);
	}

	@Test
	void shouldKeepTheTaskWhenAcknowledgedInTime() {
		String taskId = handOut("wg");
		this.time.advanceTimeBy(Duration.ofSeconds(119));

		assertThat(this.queue.reportProgress(taskId, List.of(Field.string("percentComplete", "10")))).isFalse();
		this.time.advanceTimeBy(Duration.ofHours(1));

		TaskLedgerEntry entry = ledger(taskId);
		assertThat(entry.state()).isEqualTo(TaskState.ACKNOWLEDGED);
		assertThat(entry.progressReports()).isOne();
		assertThat(entry.lastProgressFields()).containsExactly(Field.string("percentComplete", "10"));
		assertThat(entry.assignments()).singleElement()
			.satisfies(
					(assignment) -> assertThat(assignment.acknowledgedAt()).isEqualTo(Instant.EPOCH.plusSeconds(119)));
	}

	@Test
	void shouldEndTheTaskWithItsStatusAndErrorWhenSet() {
		String taskId = handOut("wg");

		this.queue.setStatus(taskId, "FAILED", "E1", "it broke", "at x");

		TaskLedgerEntry entry = ledger(taskId);
		assertThat(entry.state()).isEqualTo(TaskState.FAILED);
		assertThat(entry.finalStatus()).isEqualTo("FAILED");
		assertThat(entry.errorId()).isEqualTo("E1");
		assertThat(entry.errorMessage()).isEqualTo("it broke");
		assertThat(entry.errorStackTrace()).isEqualTo("at x");
		assertThat(entry.endedAt()).isNotNull();
		assertThatExceptionOfType(NoSuchTaskException.class)
			.isThrownBy(() -> this.queue.reportProgress(taskId, List.of()));
		assertThatExceptionOfType(NoSuchTaskException.class)
			.isThrownBy(() -> this.queue.setStatus(taskId, "FINISHED", null, null, null));
	}

	@Test
	void shouldRefuseReportsWhenTheTaskIsUnknownOrOnlyQueued() {
		String queued = this.queue.schedule(NewTask.forWorkerGroup("wg")).taskId();

		assertThatExceptionOfType(NoSuchTaskException.class)
			.isThrownBy(() -> this.queue.reportProgress("nope", List.of()));
		assertThatExceptionOfType(NoSuchTaskException.class)
			.isThrownBy(() -> this.queue.reportProgress(queued, List.of()))
			.withMessageContaining("queued");
		assertThatExceptionOfType(NoSuchTaskException.class)
			.isThrownBy(() -> this.queue.setStatus(queued, "FINISHED", null, null, null));
	}

	@Test
	void shouldAnswerCanceledAndEndTheTaskWhenCancelWasRequested() {
		String taskId = handOut("wg");
		this.queue.reportProgress(taskId, List.of());

		assertThat(this.queue.cancel(taskId).cancelRequested()).isTrue();

		assertThat(this.queue.reportProgress(taskId, List.of())).isTrue();
		assertThat(ledger(taskId).state()).isEqualTo(TaskState.CANCELED);
		assertThatExceptionOfType(NoSuchTaskException.class)
			.isThrownBy(() -> this.queue.reportProgress(taskId, List.of()));
		assertThatExceptionOfType(TaskEndedException.class).isThrownBy(() -> this.queue.cancel(taskId));
	}

	@Test
	void shouldEndAQueuedTaskAtOnceWhenCanceled() {
		String taskId = this.queue.schedule(NewTask.forWorkerGroup("wg")).taskId();

		assertThat(this.queue.cancel(taskId).state()).isEqualTo(TaskState.CANCELED);

		StepVerifier.withVirtualTime(() -> this.queue.poll("wg", null), () -> this.time, Long.MAX_VALUE)
			.expectSubscription()
			.thenAwait(HOLD)
			.expectComplete()
			.verify(TIMEOUT);
	}

	@Test
	void shouldCancelInsteadOfReassigningWhenACanceledTaskIsNeverAcknowledged() {
		String taskId = handOut("wg");
		this.queue.cancel(taskId);

		this.time.advanceTimeBy(ACK);

		assertThat(ledger(taskId).state()).isEqualTo(TaskState.CANCELED);
	}

	@Test
	void shouldForgetTasksAndReleaseHeldPollsWhenReset() {
		this.queue.schedule(NewTask.forWorkerGroup("other"));

		StepVerifier.create(this.queue.poll("wg", null)).then(this.queue::reset).expectComplete().verify(TIMEOUT);
		assertThat(this.queue.ledger()).isEmpty();
	}

	@Test
	void shouldGenerateRealisticIdsAndTheDefaultAttemptObject() {
		TaskLedgerEntry entry = this.queue.schedule(NewTask.forWorkerGroup("wg"));
		TaskLedgerEntry other = this.queue.schedule(NewTask.forWorkerGroup("wg"));

		assertThat(entry.taskId()).hasSizeGreaterThan(500).hasSizeLessThanOrEqualTo(2048).matches("[A-Za-z0-9_-]+");
		assertThat(entry.taskId()).isNotEqualTo(other.taskId());
		assertThat(entry.pipelineId()).matches("df-[0-9A-Z]{19}");
		assertThat(entry.attemptId()).isEqualTo("@SayHello_1970-01-01T00:00:00_Attempt=1");
		assertThat(entry.objects()).containsOnlyKeys(entry.attemptId());
		assertThat(entry.objects().get(entry.attemptId()).fields()).contains(Field.string("workerGroup", "wg"),
				Field.string("type", "ShellCommandActivity"), Field.string("@status", "WAITING_FOR_RUNNER"));
	}

	@Test
	void shouldKeepGivenObjectsAndTakeTheFirstAsAttemptWhenScheduled() {
		PipelineObject object = new PipelineObject("MyActivity", "MyActivity",
				List.of(Field.ref("input", "MyS3Input")));

		TaskLedgerEntry entry = this.queue
			.schedule(new NewTask("wg", "df-1", null, java.util.Map.of("MyActivity", object)));

		assertThat(entry.pipelineId()).isEqualTo("df-1");
		assertThat(entry.attemptId()).isEqualTo("MyActivity");
		assertThat(entry.objects()).containsEntry("MyActivity", object);
	}

	private String handOut(String workerGroup) {
		String taskId = this.queue.schedule(NewTask.forWorkerGroup(workerGroup)).taskId();
		assertThat(this.queue.poll(workerGroup, null).block(TIMEOUT).taskId()).isEqualTo(taskId);
		return taskId;
	}

	private TaskLedgerEntry ledger(String taskId) {
		return this.queue.ledger(taskId).orElseThrow();
	}

}
