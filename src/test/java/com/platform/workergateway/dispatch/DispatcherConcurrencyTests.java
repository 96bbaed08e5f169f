package com.platform.workergateway.dispatch;

import java.time.Duration;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import com.platform.workergateway.budget.BudgetProperties;
import com.platform.workergateway.budget.UpstreamBudget;
import com.platform.workergateway.upstream.PollForTask;
import com.platform.workergateway.upstream.TaskObject;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hand-off under real concurrency: many workers on several threads, a fifth of them
 * giving up mid-wait at random moments, tasks arriving on other threads. Every task
 * reaches exactly one worker that kept waiting, none twice, none lost.
 */
class DispatcherConcurrencyTests {

	private static final int TASKS = 2000;

	@Test
	void shouldHandEveryTaskToExactlyOneLiveWorker() {
		Queue<TaskObject> backlog = new ConcurrentLinkedQueue<>();
		for (int i = 0; i < TASKS; i++) {
			backlog.add(new TaskObject("t" + i, null, null, Map.of()));
		}
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		Dispatcher dispatcher = new Dispatcher(new BacklogUpstream(backlog),
				new UpstreamBudget(new BudgetProperties(false, 1, Duration.ZERO, Duration.ZERO, 0, null), registry,
						Schedulers.parallel(), System::nanoTime),
				new DispatchProperties(2, Duration.ofSeconds(30), 10_000, 10_000, Duration.ofMinutes(5), 100),
				new DispatchMetrics(registry, 100), Schedulers.parallel());
		Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
		AtomicInteger abandoned = new AtomicInteger();

		Flux.range(0, 40)
			.flatMap((worker) -> workerLoop(dispatcher, deliveries, abandoned).subscribeOn(Schedulers.parallel()))
			.blockLast(Duration.ofSeconds(60));

		assertThat(deliveries).hasSize(TASKS);
		assertThat(deliveries.values()).allSatisfy((count) -> assertThat(count).hasValue(1));
		assertThat(abandoned).hasPositiveValue();
		assertThat(registry.get(DispatchMetrics.ORPHANS).tag("outcome", "released").counter().count()).isZero();
	}

	/**
	 * One worker: polls until no task is left, abandoning about a fifth of its polls
	 * after a random moment.
	 */
	private static Flux<TaskObject> workerLoop(Dispatcher dispatcher, Map<String, AtomicInteger> deliveries,
			AtomicInteger abandoned) {
		return Mono.defer(() -> {
			Mono<TaskObject> poll = dispatcher.poll(new PollForTask("wg", null, null), Duration.ofMillis(200));
			if (ThreadLocalRandom.current().nextInt(5) == 0) {
				// Counted where the dispatcher hands the task over, before the worker's
				// own give-up: a task the worker drops after that is lost "on the wire",
				// as with a client whose connection dies after the answer left (here
				// below the web layer, which hands such a task on: ADR 4).
				return poll
					.doOnNext((task) -> deliveries.computeIfAbsent(task.taskId(), (id) -> new AtomicInteger())
						.incrementAndGet())
					.doOnCancel(abandoned::incrementAndGet)
					.take(Duration.ofMillis(ThreadLocalRandom.current().nextInt(1, 5)), Schedulers.parallel());
			}
			return poll.doOnNext(
					(task) -> deliveries.computeIfAbsent(task.taskId(), (id) -> new AtomicInteger()).incrementAndGet());
		}).repeat(() -> deliveries.size() < TASKS);
	}

	/**
	 * Answers each poll, on another thread after a moment, with the next task of the
	 * backlog or empty.
	 */
	private record BacklogUpstream(Queue<TaskObject> backlog) implements PollOnlyUpstream {

		@Override
		public Mono<TaskObject> pollForTask(PollForTask request) {
			return Mono.delay(Duration.ofMillis(ThreadLocalRandom.current().nextInt(0, 2)), Schedulers.parallel())
				.flatMap((tick) -> Mono.justOrEmpty(this.backlog.poll()));
		}

	}

}
