package com.platform.workergateway.dispatch;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.test.scheduler.VirtualTimeScheduler;

import com.platform.workergateway.budget.BudgetProperties;
import com.platform.workergateway.budget.UpstreamBudget;
import com.platform.workergateway.upstream.PollForTask;
import com.platform.workergateway.upstream.TaskObject;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Shutdown drains: no new upstream polls, and the stop completes only when the upstream
 * polls in flight have answered and their tasks were handed out or released.
 */
class DispatchLifecycleTests {

	private final VirtualTimeScheduler time = VirtualTimeScheduler.create();

	private final DispatcherTests.ScriptedUpstream upstream = new DispatcherTests.ScriptedUpstream();

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final DispatchProperties properties = new DispatchProperties(1, Duration.ofSeconds(30), 100, 100,
			Duration.ofMinutes(5), 100);

	private final Dispatcher dispatcher = new Dispatcher(
			this.upstream, new UpstreamBudget(new BudgetProperties(false, 1, Duration.ZERO, Duration.ZERO, 0, null),
					this.registry, this.time, System::nanoTime),
			this.properties, new DispatchMetrics(this.registry, 100), this.time);

	private final DispatchLifecycle lifecycle = new DispatchLifecycle(this.dispatcher, this.properties, this.time);

	@AfterEach
	void dispose() {
		this.time.dispose();
	}

	@Test
	void shouldCompleteStopOnlyAfterUpstreamPollsInFlightAnswered() {
		this.lifecycle.start();
		List<String> received = new CopyOnWriteArrayList<>();
		this.dispatcher.poll(new PollForTask("wg", null, null), Duration.ofSeconds(45))
			.subscribe((task) -> received.add(task.taskId()));
		AtomicBoolean stopped = new AtomicBoolean();

		this.lifecycle.stop(() -> stopped.set(true));
		this.time.advanceTimeBy(Duration.ofSeconds(1));

		assertThat(this.lifecycle.isRunning()).isFalse();
		assertThat(stopped).isFalse();
		this.upstream.answer(0, new TaskObject("t1", null, null, Map.of()));
		this.time.advanceTimeBy(Duration.ofSeconds(1));
		assertThat(stopped).isTrue();
		assertThat(received).containsExactly("t1");
		assertThat(this.upstream.polls).hasSize(1);
	}

	@Test
	void shouldKeepDrainingUntilATaskThatFoundNoWaiterIsHandedOut() {
		this.lifecycle.start();
		this.dispatcher.poll(new PollForTask("wg", null, null), Duration.ofSeconds(45)).subscribe().dispose();
		AtomicBoolean stopped = new AtomicBoolean();
		this.lifecycle.stop(() -> stopped.set(true));

		this.upstream.answer(0, new TaskObject("t1", null, null, Map.of()));
		this.time.advanceTimeBy(Duration.ofSeconds(1));

		assertThat(stopped).isFalse();
		List<String> received = new CopyOnWriteArrayList<>();
		this.dispatcher.poll(new PollForTask("wg", null, null), Duration.ofSeconds(45))
			.subscribe((task) -> received.add(task.taskId()));
		assertThat(received).containsExactly("t1");
		this.time.advanceTimeBy(Duration.ofMillis(100));
		assertThat(stopped).isTrue();
	}

	@Test
	void shouldEndTheDrainWhenAHeldTaskIsReleased() {
		this.lifecycle.start();
		this.dispatcher.poll(new PollForTask("wg", null, null), Duration.ofSeconds(45)).subscribe().dispose();
		AtomicBoolean stopped = new AtomicBoolean();
		this.lifecycle.stop(() -> stopped.set(true));
		this.upstream.answer(0, new TaskObject("t1", null, null, Map.of()));

		this.time.advanceTimeBy(this.properties.orphanHold().minusSeconds(1));
		assertThat(stopped).isFalse();
		this.time.advanceTimeBy(Duration.ofSeconds(2));

		assertThat(stopped).isTrue();
		assertThat(this.registry.get("worker.gateway.orphans").tag("outcome", "released").counter().count())
			.isEqualTo(1);
	}

	@Test
	void shouldTakePollsAgainWhenRestartedAfterAStop() {
		this.lifecycle.start();
		this.lifecycle.stop(() -> {
		});
		this.time.advanceTimeBy(Duration.ofMillis(100));

		this.lifecycle.start();
		List<String> received = new CopyOnWriteArrayList<>();
		this.dispatcher.poll(new PollForTask("wg", null, null), Duration.ofSeconds(45))
			.subscribe((task) -> received.add(task.taskId()), (error) -> received.add("error: " + error));
		this.upstream.answer(0, new TaskObject("t1", null, null, Map.of()));

		assertThat(received).containsExactly("t1");
	}

	@Test
	void shouldStopAtOnceWhenNothingIsInFlight() {
		this.lifecycle.start();
		AtomicBoolean stopped = new AtomicBoolean();

		this.lifecycle.stop(() -> stopped.set(true));
		this.time.advanceTimeBy(Duration.ofMillis(100));

		assertThat(stopped).isTrue();
	}

}
