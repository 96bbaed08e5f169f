package com.platform.workergateway.dispatch;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

import com.platform.workergateway.budget.BudgetProperties;
import com.platform.workergateway.budget.UpstreamBudget;
import com.platform.workergateway.upstream.DataPipelineOperation;
import com.platform.workergateway.upstream.PollForTask;
import com.platform.workergateway.upstream.TaskObject;
import com.platform.workergateway.upstream.UpstreamUnavailable;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Unit tests of the dispatch model on virtual time, with an upstream whose polls the test
 * answers.
 */
class DispatcherTests {

	private static final Duration WAIT = Duration.ofSeconds(45);

	private final VirtualTimeScheduler time = VirtualTimeScheduler.create();

	private final ScriptedUpstream upstream = new ScriptedUpstream();

	private SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private Dispatcher dispatcher = dispatcher(1);

	private Dispatcher dispatcher(int k) {
		return new Dispatcher(this.upstream, unlimitedBudget(),
				new DispatchProperties(k, Duration.ofSeconds(30), 5, 8, Duration.ofMinutes(5), 100),
				new DispatchMetrics(this.registry, 100), this.time);
	}

	private UpstreamBudget unlimitedBudget() {
		return new UpstreamBudget(new BudgetProperties(false, 1, Duration.ZERO, Duration.ZERO, 0, null), this.registry,
				this.time, System::nanoTime);
	}

	@AfterEach
	void dispose() {
		this.time.dispose();
	}

	@Test
	void shouldHandTaskToOldestWaiterWhenUpstreamAnswers() {
		List<String> received = new CopyOnWriteArrayList<>();
		this.dispatcher.poll(poll("wg"), WAIT).subscribe((task) -> received.add("first:" + task.taskId()));
		this.dispatcher.poll(poll("wg"), WAIT).subscribe((task) -> received.add("second:" + task.taskId()));

		this.upstream.answer(0, task("t1"));
		this.upstream.answer(1, task("t2"));

		assertThat(received).containsExactly("first:t1", "second:t2");
	}

	@Test
	void shouldKeepAtMostKUpstreamPollsAndNoMoreThanWaiters() {
		this.dispatcher = dispatcher(2);
		this.dispatcher.poll(poll("wg"), WAIT).subscribe();
		assertThat(this.upstream.polls).hasSize(1);

		for (int i = 0; i < 4; i++) {
			this.dispatcher.poll(poll("wg"), WAIT).subscribe();
		}

		assertThat(this.upstream.polls).hasSize(2);
		assertThat(gauge(DispatchMetrics.UPSTREAM_POLLS_INFLIGHT, "wg")).isEqualTo(2);
		assertThat(gauge(DispatchMetrics.WAITERS, "wg")).isEqualTo(5);
	}

	@Test
	void shouldNotSeeTasksOfOtherGroups() {
		List<String> received = new CopyOnWriteArrayList<>();
		this.dispatcher.poll(poll("a"), WAIT).subscribe((task) -> received.add("a:" + task.taskId()));
		this.dispatcher.poll(poll("b"), WAIT).subscribe((task) -> received.add("b:" + task.taskId()));

		assertThat(this.upstream.polls).extracting(UpstreamPoll::workerGroup).containsExactly("a", "b");
		this.upstream.answer(1, task("tb"));

		assertThat(received).containsExactly("b:tb");
	}

	@Test
	void shouldEndEmptyWhenWaitEndsAndKeepUpstreamPollRunning() {
		StepVerifier.withVirtualTime(() -> this.dispatcher.poll(poll("wg"), WAIT), () -> this.time, Long.MAX_VALUE)
			.expectSubscription()
			.thenAwait(WAIT)
			.verifyComplete();

		assertThat(this.upstream.polls.get(0).cancelled).isFalse();
		assertThat(gauge(DispatchMetrics.WAITERS, "wg")).isZero();
	}

	@Test
	void shouldHoldTaskForNextPollWhenWaiterDisconnected() {
		Disposable worker = this.dispatcher.poll(poll("wg"), WAIT).subscribe();
		worker.dispose();
		assertThat(this.upstream.polls.get(0).cancelled).isFalse();

		this.upstream.answer(0, task("t1"));
		this.time.advanceTimeBy(Duration.ofSeconds(10));

		StepVerifier.create(this.dispatcher.poll(poll("wg"), WAIT))
			.assertNext((task) -> assertThat(task.taskId()).isEqualTo("t1"))
			.expectComplete()
			.verify(Duration.ofSeconds(5));
		assertThat(this.upstream.polls).hasSize(1);
		assertThat(counter("handed_off")).isEqualTo(1);
	}

	@Test
	void shouldReleaseAndCountOrphanAfterHold() {
		this.dispatcher.poll(poll("wg"), WAIT).subscribe().dispose();
		this.upstream.answer(0, task("t1"));

		this.time.advanceTimeBy(Duration.ofSeconds(31));

		assertThat(counter("released")).isEqualTo(1);
		this.dispatcher.poll(poll("wg"), WAIT).subscribe();
		assertThat(this.upstream.polls).hasSize(2);
	}

	@Test
	void shouldFailWaitersWhenUpstreamPollFails() {
		List<Throwable> errors = new CopyOnWriteArrayList<>();
		this.dispatcher.poll(poll("wg"), WAIT).subscribe(null, errors::add);
		this.dispatcher.poll(poll("wg"), WAIT).subscribe(null, errors::add);

		this.upstream.polls.get(0).sink.tryEmitError(new IllegalStateException("boom"));

		assertThat(errors).hasSize(2);
		assertThat(this.dispatcher.waiters()).isZero();
	}

	@Test
	void shouldRejectBeyondWaiterLimits() {
		for (int i = 0; i < 5; i++) {
			this.dispatcher.poll(poll("wg"), WAIT).subscribe();
		}
		StepVerifier.create(this.dispatcher.poll(poll("wg"), WAIT))
			.expectError(WaiterLimitExceededException.class)
			.verify(Duration.ofSeconds(5));

		for (int i = 0; i < 3; i++) {
			this.dispatcher.poll(poll("other"), WAIT).subscribe();
		}
		StepVerifier.create(this.dispatcher.poll(poll("third"), WAIT))
			.expectError(WaiterLimitExceededException.class)
			.verify(Duration.ofSeconds(5));
	}

	@Test
	void shouldRecordWaitOutcomes() {
		this.dispatcher.poll(poll("wg"), WAIT).subscribe().dispose();
		this.dispatcher.poll(poll("wg"), WAIT).subscribe();
		this.upstream.answer(0, task("t1"));

		assertThat(this.registry.get(DispatchMetrics.POLL_WAIT)
			.tags("worker_group", "wg", "outcome", "cancelled")
			.timer()
			.count()).isEqualTo(1);
		assertThat(this.registry.get(DispatchMetrics.POLL_WAIT)
			.tags("worker_group", "wg", "outcome", "task")
			.timer()
			.count()).isEqualTo(1);
	}

	@Test
	void shouldDrainByAnsweringWaitersWhenUpstreamPollsEndAndRefusingNewPolls() {
		List<String> outcomes = new CopyOnWriteArrayList<>();
		this.dispatcher.poll(poll("wg"), WAIT).subscribe((task) -> outcomes.add(task.taskId()));
		this.dispatcher.poll(poll("wg"), WAIT).subscribe(null, null, () -> outcomes.add("empty"));

		this.dispatcher.drain();
		// The upstream poll in flight already has its waiters: a new poll goes elsewhere.
		StepVerifier.create(this.dispatcher.poll(poll("wg"), WAIT))
			.expectError(DispatcherDrainingException.class)
			.verify(Duration.ofSeconds(5));
		StepVerifier.create(this.dispatcher.poll(poll("idle-wg"), WAIT))
			.expectError(DispatcherDrainingException.class)
			.verify(Duration.ofSeconds(5));
		assertThat(this.dispatcher.hasUpstreamPollsInFlight()).isTrue();
		this.upstream.answer(0, task("t1"));

		assertThat(outcomes).containsExactly("t1", "empty");
		assertThat(this.dispatcher.hasUpstreamPollsInFlight()).isFalse();
		assertThat(this.upstream.polls).hasSize(1);
		StepVerifier.create(this.dispatcher.poll(poll("wg"), WAIT))
			.expectError(DispatcherDrainingException.class)
			.verify(Duration.ofSeconds(5));
	}

	@Test
	void shouldTakeAPollWhileDrainingForAnUpstreamPollItsWaiterLeft() {
		this.dispatcher.poll(poll("wg"), WAIT).subscribe().dispose();
		this.dispatcher.drain();

		List<String> received = new CopyOnWriteArrayList<>();
		this.dispatcher.poll(poll("wg"), WAIT).subscribe((task) -> received.add(task.taskId()));
		this.upstream.answer(0, task("t1"));

		assertThat(received).containsExactly("t1");
	}

	@Test
	void shouldNotSpendBudgetOnPollsTheBreakerRefuses() {
		// One PollForTask token, never refilled in this test, and no waiting for one.
		UpstreamBudget oneToken = new UpstreamBudget(
				new BudgetProperties(true, 1, Duration.ZERO, Duration.ZERO, 0,
						Map.of("PollForTask", new BudgetProperties.Limit(0.001, 1))),
				this.registry, this.time, System::nanoTime);
		this.dispatcher = new Dispatcher(this.upstream, oneToken,
				new DispatchProperties(1, Duration.ofSeconds(30), 5, 8, Duration.ofMinutes(5), 100),
				new DispatchMetrics(this.registry, 100), this.time);
		this.upstream.refusingPolls = true;
		for (int i = 0; i < 3; i++) {
			StepVerifier.create(this.dispatcher.poll(poll("wg"), WAIT))
				.expectError(UpstreamUnavailable.class)
				.verify(Duration.ofSeconds(5));
		}

		this.upstream.refusingPolls = false;
		List<String> received = new CopyOnWriteArrayList<>();
		this.dispatcher.poll(poll("wg"), WAIT).subscribe((task) -> received.add(task.taskId()));
		assertThat(this.upstream.polls).hasSize(1);
		this.upstream.answer(0, task("t1"));

		assertThat(received).containsExactly("t1");
	}

	@Test
	void shouldEvictIdleGroupsAndTheirGauges() {
		this.dispatcher.poll(poll("wg"), WAIT).subscribe().dispose();
		this.upstream.answer(0, null);

		this.dispatcher.evictIdleGroups();

		assertThat(this.registry.find(DispatchMetrics.WAITERS).tag("worker_group", "wg").gauge()).isNull();
		this.dispatcher.poll(poll("wg"), WAIT).subscribe();
		assertThat(this.upstream.polls).hasSize(2);
	}

	@Test
	void shouldRemoveEveryMeterOfAnEvictedGroup() {
		this.dispatcher.poll(poll("wg"), WAIT).subscribe().dispose();
		this.upstream.answer(0, null);
		assertThat(this.registry.find(DispatchMetrics.POLL_WAIT).tag("worker_group", "wg").timers()).hasSize(5);

		this.dispatcher.evictIdleGroups();

		assertThat(this.registry.find(DispatchMetrics.POLL_WAIT).tag("worker_group", "wg").meters()).isEmpty();
		assertThat(this.registry.getMeters()).noneMatch((meter) -> "wg".equals(meter.getId().getTag("worker_group")));
	}

	@Test
	void shouldShareOneTagValueAmongTheGroupsBeyondTheBound() {
		// A registry of its own: the dispatcher the other tests use registered the shared
		// value's gauges first.
		this.registry = new SimpleMeterRegistry();
		this.dispatcher = new Dispatcher(this.upstream, unlimitedBudget(),
				new DispatchProperties(1, Duration.ofSeconds(30), 5, 8, Duration.ofMinutes(5), 2),
				new DispatchMetrics(this.registry, 2), this.time);
		for (String group : List.of("g1", "g2", "g3", "g4")) {
			this.dispatcher.poll(poll(group), WAIT).subscribe();
		}

		assertThat(gauge(DispatchMetrics.WAITERS, "g1")).isEqualTo(1);
		assertThat(gauge(DispatchMetrics.WAITERS, "g2")).isEqualTo(1);
		assertThat(this.registry.find(DispatchMetrics.WAITERS).tag("worker_group", "g3").gauge()).isNull();
		assertThat(gauge(DispatchMetrics.WAITERS, DispatchMetrics.OTHER_GROUPS)).isEqualTo(2);
		assertThat(gauge(DispatchMetrics.UPSTREAM_POLLS_INFLIGHT, DispatchMetrics.OTHER_GROUPS)).isEqualTo(2);

		this.time.advanceTimeBy(WAIT);
		assertThat(this.registry.get(DispatchMetrics.POLL_WAIT)
			.tags("worker_group", DispatchMetrics.OTHER_GROUPS, "outcome", "empty")
			.timer()
			.count()).isEqualTo(2);
		// Evicting a metered group frees its place for the next new group.
		for (int i = 0; i < 4; i++) {
			this.upstream.answer(i, null);
		}
		this.dispatcher.evictIdleGroups();
		assertThat(gauge(DispatchMetrics.WAITERS, DispatchMetrics.OTHER_GROUPS)).isZero();
		this.dispatcher.poll(poll("g5"), WAIT).subscribe();
		assertThat(gauge(DispatchMetrics.WAITERS, "g5")).isEqualTo(1);
	}

	private double gauge(String name, String group) {
		return this.registry.get(name).tag("worker_group", group).gauge().value();
	}

	private double counter(String outcome) {
		return this.registry.get(DispatchMetrics.ORPHANS).tag("outcome", outcome).counter().count();
	}

	private static PollForTask poll(String group) {
		return new PollForTask(group, "host", null);
	}

	private static TaskObject task(String id) {
		return new TaskObject(id, "df-1", "attempt-1", Map.of());
	}

	static final class ScriptedUpstream implements PollOnlyUpstream {

		final List<UpstreamPoll> polls = new CopyOnWriteArrayList<>();

		void answer(int index, TaskObject task) {
			Sinks.One<TaskObject> sink = this.polls.get(index).sink;
			if (task != null) {
				sink.tryEmitValue(task);
			}
			else {
				sink.tryEmitEmpty();
			}
		}

		volatile boolean refusingPolls;

		@Override
		public Mono<Void> permitted(DataPipelineOperation operation) {
			return this.refusingPolls
					? Mono.error(new UpstreamUnavailable(UpstreamUnavailable.Reason.BREAKER_OPEN, null, null))
					: Mono.empty();
		}

		@Override
		public Mono<TaskObject> pollForTask(PollForTask request) {
			UpstreamPoll poll = new UpstreamPoll(request);
			this.polls.add(poll);
			return poll.sink.asMono().doOnCancel(() -> poll.cancelled = true);
		}

	}

	static final class UpstreamPoll {

		final PollForTask request;

		final Sinks.One<TaskObject> sink = Sinks.one();

		volatile boolean cancelled;

		UpstreamPoll(PollForTask request) {
			this.request = request;
		}

		String workerGroup() {
			return this.request.workerGroup();
		}

	}

}
