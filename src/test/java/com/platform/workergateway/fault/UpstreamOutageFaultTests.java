package com.platform.workergateway.fault;

import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import com.platform.workergateway.emulator.EmulatorDataPipeline;
import com.platform.workergateway.emulator.fault.Fault;
import com.platform.workergateway.emulator.task.TaskState;
import com.platform.workergateway.support.GatewayIntegrationTest;
import com.platform.workergateway.upstream.AwsDataPipelineClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Upstream outage (short version of the harness's run, issue 6): every PollForTask fails
 * with {@code InternalServiceError} for a while, under a steady fleet of workers. The
 * breaker ({@code application-test.yml}: window 4, 2 s open, 1 half-open probe) opens,
 * workers get 503 with {@code Retry-After} at once, only half-open probes reach the
 * upstream while it is open, and polls succeed again after the outage without a restart.
 * <p>
 * The account budget is on, as in production: the breaker is asked before the budget, so
 * re-polls refused by an open breaker cost no PollForTask token and their 503 does not
 * wait for one (it did before: a 765 ms median, see docs/benchmarks.md).
 */
@GatewayIntegrationTest
// A context of its own: Spring 7 pauses cached contexts between test classes, and a
// dispatcher stopped that way stays draining when its context is resumed.
@TestPropertySource(properties = { "worker-gateway.budget.enabled=true", "fault-test.context=outage" })
class UpstreamOutageFaultTests {

	private static final Duration OUTAGE = Duration.ofSeconds(6);

	private static final List<String> GROUPS = List.of("outage-a", "outage-b");

	@LocalServerPort
	int port;

	@Autowired
	EmulatorDataPipeline emulator;

	@Autowired
	CircuitBreakerRegistry circuitBreakers;

	@Test
	void shouldOpenFailFastProbeOnlyAndRecoverWithoutRestart() {
		this.emulator.reset();
		this.circuitBreakers.getAllCircuitBreakers().forEach(CircuitBreaker::reset);
		CircuitBreaker breaker = this.circuitBreakers.circuitBreaker(AwsDataPipelineClient.POLL_FOR_TASK);
		int permittedInHalfOpen = breaker.getCircuitBreakerConfig().getPermittedNumberOfCallsInHalfOpenState();
		Queue<Transition> transitions = new ConcurrentLinkedQueue<>();
		breaker.getEventPublisher()
			.onStateTransition((event) -> transitions.add(new Transition(event.getStateTransition().getToState(),
					System.nanoTime(), this.emulator.calls().received("PollForTask"))));

		try (WorkerFleet fleet = new WorkerFleet(() -> "http://localhost:" + this.port, 0, 1, true)) {
			fleet.start(10, GROUPS);
			await().atMost(Duration.ofSeconds(10)).until(() -> fleet.status(204) >= 10);

			long outageStart = System.nanoTime();
			this.emulator.addFault(Fault.error("PollForTask", "InternalServiceError"));
			await().atMost(Duration.ofSeconds(10)).until(() -> breaker.getState() == State.OPEN);
			long opened = System.nanoTime();
			sleepUntil(outageStart + OUTAGE.toNanos());
			long outageEnd = System.nanoTime();
			this.emulator.clearFaults();
			await().atMost(Duration.ofSeconds(15)).until(() -> breaker.getState() == State.CLOSED);
			long closed = System.nanoTime();
			String taskId = this.emulator.schedule(GROUPS.get(0)).taskId();
			await().atMost(Duration.ofSeconds(10))
				.until(() -> this.emulator.ledger(taskId).orElseThrow().state() == TaskState.FINISHED);
			fleet.stop();

			Transition firstOpen = transitions.stream().filter((t) -> t.to() == State.OPEN).findFirst().orElseThrow();
			Transition finalClose = transitions.stream()
				.filter((t) -> t.to() == State.CLOSED)
				.reduce((a, b) -> b)
				.orElseThrow();
			long halfOpenEpisodes = transitions.stream().filter((t) -> t.to() == State.HALF_OPEN).count();
			// Calls that reached the upstream between the first opening and the final
			// closing; at most a poll per group may have been under way at the opening.
			long callsWhileNotClosed = finalClose.calls() - firstOpen.calls();
			long allowed = halfOpenEpisodes * permittedInHalfOpen + GROUPS.size();
			List<WorkerFleet.Answer> unavailable = fleet.answers.stream()
				.filter((answer) -> answer.status() == 503)
				.toList();
			List<Long> latencies = unavailable.stream().map((answer) -> answer.latency().toMillis()).sorted().toList();
			assertThat(latencies).isNotEmpty();
			long p99 = latencies.get((int) Math.ceil(latencies.size() * 0.99) - 1);
			System.out.printf(
					"[fault] upstream-outage (suite): outage=%d ms, breaker open after %d ms, closed %d ms after the "
							+ "outage ended (open+half-open for %d ms); half-open episodes=%d (probes allowed %d each); "
							+ "PollForTask calls while not closed=%d (bound %d); 503 answers=%d, with Retry-After=%d, "
							+ "latency p50=%d ms p99=%d ms; statuses=%s%n",
					OUTAGE.toMillis(), millis(opened - outageStart), millis(closed - outageEnd),
					millis(finalClose.nanos() - firstOpen.nanos()), halfOpenEpisodes, permittedInHalfOpen,
					callsWhileNotClosed, allowed, unavailable.size(),
					unavailable.stream().filter((answer) -> answer.retryAfter() != null).count(),
					latencies.get(latencies.size() / 2), p99, fleet.statuses);

			assertThat(Duration.ofNanos(opened - outageStart)).isLessThan(Duration.ofSeconds(5));
			assertThat(unavailable).isNotEmpty().allMatch((answer) -> answer.retryAfter() != null);
			// Quick: the breaker answers at once, before the budget is asked.
			assertThat(latencies.get(latencies.size() / 2)).isLessThan(500);
			assertThat(callsWhileNotClosed).isLessThanOrEqualTo(allowed);
			assertThat(fleet.status(502)).isPositive();
		}
	}

	private static long millis(long nanos) {
		return Duration.ofNanos(nanos).toMillis();
	}

	private static void sleepUntil(long nanoTime) {
		long remaining = nanoTime - System.nanoTime();
		if (remaining > 0) {
			try {
				TimeUnit.NANOSECONDS.sleep(remaining);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	private record Transition(State to, long nanos, long calls) {

	}

}
