package com.platform.workergateway.fault;

import java.time.Duration;
import java.util.List;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import com.platform.workergateway.emulator.EmulatorDataPipeline;
import com.platform.workergateway.emulator.EmulatorServer;
import com.platform.workergateway.emulator.fault.Fault;
import com.platform.workergateway.support.GatewayIntegrationTest;
import com.platform.workergateway.upstream.UpstreamProperties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Upstream hang (short version of the harness's run, issue 6): PollForTask never answers.
 * Workers get 504 at the poll response timeout (4 s in {@code application-test.yml}), and
 * once the upstream answers again the gateway's upstream connections, threads and heap
 * are back at their baseline.
 */
@GatewayIntegrationTest
// A context of its own: Spring 7 pauses cached contexts between test classes, and a
// dispatcher stopped that way stays draining when its context is resumed.
@TestPropertySource(properties = { "worker-gateway.budget.enabled=false", "fault-test.context=hang" })
class UpstreamHangFaultTests {

	private static final List<String> GROUPS = List.of("hang-a", "hang-b", "hang-c");

	@LocalServerPort
	int port;

	@Autowired
	EmulatorDataPipeline emulator;

	@Autowired
	EmulatorServer emulatorServer;

	@Autowired
	UpstreamProperties upstream;

	@Autowired
	CircuitBreakerRegistry circuitBreakers;

	@Test
	void shouldAnswerGatewayTimeoutAndReturnToBaseline() throws InterruptedException {
		this.emulator.reset();
		this.circuitBreakers.getAllCircuitBreakers().forEach(CircuitBreaker::reset);
		Duration timeout = this.upstream.pollResponseTimeout();
		ResourceSnapshot before;
		// Warm-up with the same load, so pools and threads are at their working size.
		try (WorkerFleet warmUp = new WorkerFleet(() -> "http://localhost:" + this.port, 0, 10, false)) {
			warmUp.start(12, GROUPS);
			Thread.sleep(3000);
			GROUPS.forEach(this.emulator::schedule);
			await().atMost(Duration.ofSeconds(10)).until(() -> warmUp.status(200) >= GROUPS.size());
		}
		// The gateway's upstream polls of the warm-up end with their hold.
		Thread.sleep(2500);
		before = ResourceSnapshot.take(this.emulatorServer.port());

		try (WorkerFleet fleet = new WorkerFleet(() -> "http://localhost:" + this.port, 0, 10, false)) {
			long hangStart = System.nanoTime();
			this.emulator.addFault(Fault.hang("PollForTask"));
			fleet.start(12, GROUPS);
			await().atMost(timeout.multipliedBy(3)).until(() -> fleet.status(504) >= 12);
			ResourceSnapshot during = ResourceSnapshot.take(this.emulatorServer.port());
			this.emulator.clearFaults();
			long hangEnd = System.nanoTime();
			// Recovery: tasks scheduled after the hang reach the workers (the breaker,
			// opened
			// by the timeouts, closes again after its half-open probe).
			GROUPS.forEach(this.emulator::schedule);
			await().atMost(Duration.ofSeconds(15)).until(() -> fleet.status(200) >= GROUPS.size());
			long recovered = System.nanoTime();
			fleet.stop();
			Thread.sleep(2500);
			ResourceSnapshot after = ResourceSnapshot.take(this.emulatorServer.port());

			// The first poll of each group starts its (hanging) upstream poll; the others
			// of the group join it within milliseconds.
			List<Long> timeouts = fleet.answers.stream()
				.filter((answer) -> answer.status() == 504)
				.map((answer) -> answer.latency().toMillis())
				.sorted()
				.toList();
			System.out.printf(
					"[fault] upstream-hang (suite): response timeout=%d ms; hang lasted %d ms; 504 answers=%d, "
							+ "time to 504 min=%d ms median=%d ms max=%d ms; tasks flowed again %d ms after the hang; "
							+ "baseline: %s; during: %s; after: %s; threads new since baseline: %s; statuses=%s%n",
					timeout.toMillis(), Duration.ofNanos(hangEnd - hangStart).toMillis(), timeouts.size(),
					timeouts.get(0), timeouts.get(timeouts.size() / 2), timeouts.get(timeouts.size() - 1),
					Duration.ofNanos(recovered - hangEnd).toMillis(), before, during, after,
					after.newThreadsSince(before), fleet.statuses);

			assertThat(timeouts).hasSizeGreaterThanOrEqualTo(12)
				.allMatch((millis) -> millis <= timeout.plusMillis(1500).toMillis());
			assertThat(timeouts.get(timeouts.size() - 1)).isGreaterThanOrEqualTo(timeout.toMillis() - 200);
			// At most one long poll per group and a few short-call connections stay
			// pooled.
			assertThat(after.connections()).isLessThanOrEqualTo(before.connections() + GROUPS.size());
			assertThat(after.threads()).isLessThanOrEqualTo(before.threads() + 8);
			assertThat(after.heapAfterGc()).isLessThan(before.heapAfterGc() + 32L * 1024 * 1024);
		}
	}

}
