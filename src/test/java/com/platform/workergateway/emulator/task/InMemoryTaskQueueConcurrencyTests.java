package com.platform.workergateway.emulator.task;

import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.junit.jupiter.api.RepeatedTest;
import reactor.core.Disposable;
import reactor.test.scheduler.VirtualTimeScheduler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Polls, schedules and disconnects racing on many threads: every task goes to exactly one
 * poll per attempt, and no task and no poll is left waiting for the other.
 */
class InMemoryTaskQueueConcurrencyTests {

	private static final int ROUNDS = 2_000;

	// Virtual time that never advances: holds and ack timeouts never fire in these tests.
	private final InMemoryTaskQueue queue = new InMemoryTaskQueue(VirtualTimeScheduler.create(), Duration.ofSeconds(90),
			Duration.ofMinutes(2));

	@RepeatedTest(3)
	void shouldHandEveryTaskToExactlyOnePollWhenPollsAndTasksRace() throws Exception {
		Queue<String> delivered = new ConcurrentLinkedQueue<>();

		race((i) -> (i % 2 == 0) ? () -> this.queue.poll("wg", null).subscribe((task) -> delivered.add(task.taskId()))
				: () -> this.queue.schedule(NewTask.forWorkerGroup("wg")));

		assertThat(delivered).hasSize(ROUNDS / 2).doesNotHaveDuplicates();
		assertThat(this.queue.waitingPolls("wg")).isZero();
		assertThat(this.queue.ledger()).allSatisfy((entry) -> {
			assertThat(entry.state()).isEqualTo(TaskState.ASSIGNED);
			assertThat(entry.assignments()).hasSize(1);
		});
	}

	@RepeatedTest(3)
	void shouldNeverAssignTwiceWhenPollsDisconnectWhileTasksArrive() throws Exception {
		Queue<String> delivered = new ConcurrentLinkedQueue<>();
		Queue<Disposable> polls = new ConcurrentLinkedQueue<>();
		IntStream.range(0, ROUNDS / 2)
			.forEach((i) -> polls.add(this.queue.poll("wg", null).subscribe((task) -> delivered.add(task.taskId()))));
		List<Disposable> toCancel = polls.stream().toList();

		race((i) -> (i % 2 == 0) ? () -> toCancel.get(i / 2).dispose()
				: () -> this.queue.schedule(NewTask.forWorkerGroup("wg")));

		List<TaskLedgerEntry> ledger = this.queue.ledger();
		long assigned = ledger.stream().filter((entry) -> entry.state() == TaskState.ASSIGNED).count();
		long queued = ledger.stream().filter((entry) -> entry.state() == TaskState.QUEUED).count();
		assertThat(assigned + queued).isEqualTo(ROUNDS / 2);
		assertThat(ledger).allSatisfy((entry) -> assertThat(entry.assignments()).hasSizeLessThanOrEqualTo(1));
		assertThat(delivered).doesNotHaveDuplicates().hasSizeLessThanOrEqualTo((int) assigned);
		assertThat(this.queue.waitingPolls("wg") == 0 || queued == 0).as("a task and a poll left waiting").isTrue();
	}

	private void race(java.util.function.IntFunction<Runnable> action) throws InterruptedException {
		ExecutorService pool = Executors.newFixedThreadPool(8);
		CountDownLatch start = new CountDownLatch(1);
		try {
			IntStream.range(0, ROUNDS).forEach((i) -> pool.execute(() -> {
				await(start);
				action.apply(i).run();
			}));
			start.countDown();
		}
		finally {
			pool.shutdown();
			assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
		}
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
