package com.platform.workergateway.fault;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.test.context.TestPropertySource;

import com.platform.workergateway.WorkerGatewayApplication;
import com.platform.workergateway.emulator.EmulatorDataPipeline;
import com.platform.workergateway.emulator.EmulatorServer;
import com.platform.workergateway.emulator.task.Assignment;
import com.platform.workergateway.emulator.task.TaskLedgerEntry;
import com.platform.workergateway.emulator.task.TaskState;
import com.platform.workergateway.support.GatewayIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * No task lost (short version of the harness's run, issue 6): tasks flow to workers that
 * abandon a fifth of their polls mid-wait while the gateway is restarted gracefully in
 * the middle. The restart here is in-process: a second gateway context (on the same
 * emulator and token keys) takes the traffic, then the first one is closed, which drains
 * it as SIGTERM would. The harness ({@code bench/run.sh}) does it with real processes.
 * <p>
 * The emulator's acknowledgement window is shortened, so a task lost between the upstream
 * and a worker comes back as re-assigned within the test, and the test asserts that every
 * task ends finished and none went to two workers in one attempt. A worker that closes
 * its connection while its answer is on the wire loses that answer (HTTP cannot tell; ADR
 * 1): re-assignments are printed, split into those that follow such an abandoned poll
 * within a second and the others, and bounded; docs/benchmarks.md reports them against
 * the goal of none.
 */
@GatewayIntegrationTest
@TestPropertySource(properties = { "worker-gateway.emulator.ack-timeout=5s", "worker-gateway.dispatch.orphan-hold=2s",
		"worker-gateway.budget.enabled=false" })
class NoTaskLostFaultTests {

	private static final int TASKS = 200;

	private static final int WORKERS = 20;

	private static final double ABANDON_RATE = 0.2;

	/**
	 * Longer than the emulator's 2 s hold, so the old gateway's last upstream polls find
	 * a waiter when they end during its drain (see docs/benchmarks.md for the case where
	 * they do not).
	 */
	private static final int WAIT_SECONDS = 4;

	private static final List<String> GROUPS = List.of("fault-a", "fault-b", "fault-c", "fault-d");

	@Autowired
	EmulatorDataPipeline emulator;

	@Autowired
	EmulatorServer emulatorServer;

	@Test
	void shouldFinishEveryTaskOnceThroughAbandonedPollsAndAGracefulRestart() throws Exception {
		this.emulator.reset();
		long start = System.nanoTime();
		ConfigurableApplicationContext first = startGateway();
		AtomicReference<String> gateway = new AtomicReference<>(baseUrl(first));
		ConfigurableApplicationContext second = null;
		try (WorkerFleet fleet = new WorkerFleet(gateway::get, ABANDON_RATE, WAIT_SECONDS, true)) {
			fleet.start(WORKERS, GROUPS);
			scheduleTasks(0, TASKS / 2);
			// Rolling restart: the new gateway is ready before the old one is told to
			// stop.
			second = startGateway();
			gateway.set(baseUrl(second));
			long drainStart = System.nanoTime();
			CompletableFuture<Void> stopped = CompletableFuture.runAsync(first::close);
			scheduleTasks(TASKS / 2, TASKS);
			stopped.get();
			Duration drain = Duration.ofNanos(System.nanoTime() - drainStart);

			await().atMost(Duration.ofSeconds(40))
				.pollInterval(Duration.ofMillis(200))
				.until(() -> this.emulator.ledger().stream().allMatch((task) -> task.state() == TaskState.FINISHED));
			fleet.stop();

			List<TaskLedgerEntry> ledger = this.emulator.ledger();
			long reassignedForAck = ledger.stream()
				.flatMap((task) -> task.assignments().stream())
				.filter(NoTaskLostFaultTests::unacknowledged)
				.count();
			// A worker that closes its connection while its answer is on the wire loses
			// that answer: the one window HTTP leaves open (ADR 1), closed by Data
			// Pipeline's re-assignment. Any other re-assignment is a task the gateway
			// lost.
			long unexplained = ledger.stream()
				.filter((task) -> task.assignments()
					.stream()
					.anyMatch((assignment) -> unacknowledged(assignment)
							&& !abandonedInFlight(fleet, task.workerGroup(), assignment)))
				.count();
			List<Long> handOff = ledger.stream()
				.filter((task) -> fleet.received.containsKey(task.taskId()))
				.map((task) -> Duration
					.between(task.assignments().get(task.assignments().size() - 1).assignedAt(),
							fleet.received.get(task.taskId()))
					.toMillis())
				.sorted()
				.toList();
			long duplicates = ledger.stream()
				.filter((task) -> delivered(fleet, task) > task.assignments().size())
				.count();
			System.out
				.printf("[fault] no-task-lost (suite): tasks=%d finished=%d workers=%d polls=%d abandoned=%d (%.0f%%) "
						+ "reassigned-for-missing-ack=%d (not explained by a poll abandoned while its answer was "
						+ "in flight: %d) duplicate-deliveries=%d restart=in-process second context, "
						+ "old drained in %d ms; upstream hand-off to worker receipt p50=%d ms p99=%d ms; statuses=%s; "
						+ "took %d ms%n", ledger.size(),
						ledger.stream().filter((task) -> task.state() == TaskState.FINISHED).count(), WORKERS,
						fleet.polls.get(), fleet.abandoned.get(),
						100.0 * fleet.abandoned.get() / Math.max(1, fleet.polls.get()), reassignedForAck, unexplained,
						duplicates, drain.toMillis(), handOff.get(handOff.size() / 2),
						handOff.get((int) Math.ceil(handOff.size() * 0.99) - 1), fleet.statuses,
						Duration.ofNanos(System.nanoTime() - start).toMillis());

			assertThat(ledger).hasSize(TASKS).allMatch((task) -> task.state() == TaskState.FINISHED);
			// Every task reached a worker in the end, none twice in one attempt; a task
			// whose
			// answer was lost on the wire came back through re-assignment. The count of
			// those is bounded by the polls abandoned plus the old gateway's last
			// upstream
			// polls (one per group); docs/benchmarks.md reports them against the strict
			// goal.
			assertThat(reassignedForAck).isLessThanOrEqualTo(fleet.abandoned.get() + GROUPS.size());
			assertThat(duplicates).isZero();
			assertThat(fleet.abandoned.get()).isPositive();
		}
		finally {
			first.close();
			if (second != null) {
				second.close();
			}
		}
	}

	/**
	 * Whether a worker of the group abandoned its poll within a second of the task's
	 * hand-off upstream, while the answer could still be on its way to it.
	 */
	private static boolean abandonedInFlight(WorkerFleet fleet, String workerGroup, Assignment assignment) {
		Instant from = assignment.assignedAt().minusMillis(5);
		Instant to = assignment.assignedAt().plusSeconds(1);
		return fleet.abandons.stream()
			.anyMatch((abandon) -> abandon.workerGroup().equals(workerGroup) && !abandon.at().isBefore(from)
					&& !abandon.at().isAfter(to));
	}

	private static boolean unacknowledged(Assignment assignment) {
		return assignment.reason() != null && assignment.reason().startsWith("not acknowledged");
	}

	private static int delivered(WorkerFleet fleet, TaskLedgerEntry task) {
		AtomicInteger count = fleet.deliveries.get(task.taskId());
		return (count != null) ? count.get() : 0;
	}

	private void scheduleTasks(int from, int to) throws InterruptedException {
		for (int i : IntStream.range(from, to).toArray()) {
			this.emulator.schedule(GROUPS.get(i % GROUPS.size()));
			Thread.sleep(15);
		}
	}

	private ConfigurableApplicationContext startGateway() {
		return new SpringApplicationBuilder(WorkerGatewayApplication.class, OwnReactorResources.class).profiles("test")
			.run("--worker-gateway.emulator.enabled=false",
					"--worker-gateway.upstream.endpoint=" + this.emulatorServer.baseUri(), "--server.port=0",
					"--management.server.port=0");
	}

	private static String baseUrl(ConfigurableApplicationContext gateway) {
		return "http://localhost:" + gateway.getEnvironment().getProperty("local.server.port");
	}

	/**
	 * A gateway context with Reactor Netty resources of its own: closing it must not
	 * dispose the global event loops that the test context's servers run on.
	 */
	static class OwnReactorResources {

		@Bean
		ReactorResourceFactory reactorResourceFactory() {
			ReactorResourceFactory factory = new ReactorResourceFactory();
			factory.setUseGlobalResources(false);
			return factory;
		}

	}

}
