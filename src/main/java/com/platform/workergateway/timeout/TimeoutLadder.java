package com.platform.workergateway.timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.platform.workergateway.upstream.UpstreamProperties;
import com.platform.workergateway.web.InputProperties;

/**
 * The gateway's timeouts as one ladder: each rung sits above the one below it, so the
 * layer that owns a wait is the one that ends it. Built from the bound configuration and
 * checked at startup ({@link TimeoutLadderConfiguration}): the application refuses to
 * start, naming both values, when a rung is not above the one below it.
 * <table>
 * <caption>The rungs, innermost first (defaults)</caption>
 * <tr>
 * <th>Lower rung</th>
 * <th>must stay below</th>
 * <th>Why</th>
 * </tr>
 * <tr>
 * <td>{@code worker-gateway.upstream.poll-hold} (90 s, fixed by AWS)</td>
 * <td>{@code worker-gateway.upstream.poll-response-timeout} (95 s, Reactor Netty read
 * idle)</td>
 * <td>An idle poll ends with its empty answer, not a timeout. (The SDK's own 30 s socket
 * timeout would cut every idle poll; it is replaced.)</td>
 * </tr>
 * <tr>
 * <td>{@code poll-response-timeout}</td>
 * <td>the SDK backstop, {@code poll-response-timeout + sdk-timeout-margin} (100 s)</td>
 * <td>Our transport, which closes the connection and names the cause, times out
 * first.</td>
 * </tr>
 * <tr>
 * <td>{@code pending-acquire-timeout + connect-timeout} (7 s)</td>
 * <td>SDK backstop − {@code poll-hold} (10 s)</td>
 * <td>The SDK's timeout also covers pool acquisition and connect: a poll that waited for
 * a connection must still get its whole hold.</td>
 * </tr>
 * <tr>
 * <td>{@code poll-response-timeout}</td>
 * <td>the {@code pollForTask} breaker's {@code slowCallDurationThreshold} (100 s)</td>
 * <td>A healthy empty poll is never "slow".</td>
 * </tr>
 * <tr>
 * <td>{@code call-response-timeout} (10 s)</td>
 * <td>each report breaker's {@code slowCallDurationThreshold} (12 s)</td>
 * <td>A call slower than that has already failed as a timeout.</td>
 * </tr>
 * <tr>
 * <td>SDK backstop</td>
 * <td>{@code spring.lifecycle.timeout-per-shutdown-phase} (110 s)</td>
 * <td>In-flight polls drain before the SDK client and its pool are closed.</td>
 * </tr>
 * <tr>
 * <td>{@code worker-gateway.input.body-idle-timeout} (10 s)</td>
 * <td>{@code worker-gateway.input.body-read-timeout} (30 s)</td>
 * <td>A pause cannot be longer than the whole body's time.</td>
 * </tr>
 * </table>
 * Outside the application, two more rungs: the pod's
 * {@code terminationGracePeriodSeconds} sits above preStop + shutdown phase (the chart
 * derives it), and a worker's HTTP client timeout sits {@link #WORKER_CLIENT_MARGIN}
 * above its poll's wait, which stays below common load-balancer idle timeouts (60 s) and
 * is decoupled from the upstream hold.
 */
public final class TimeoutLadder {

	/** How far a worker's HTTP client timeout sits above its poll's wait. */
	public static final String WORKER_CLIENT_MARGIN = "10 s";

	private final List<Step> steps;

	private TimeoutLadder(List<Step> steps) {
		this.steps = List.copyOf(steps);
	}

	/**
	 * The ladder of a configuration.
	 * @param upstream the upstream settings
	 * @param input the limits on request bodies
	 * @param breakerSlowCalls each circuit breaker's {@code slowCallDurationThreshold},
	 * by breaker name ({@code pollForTask}, {@code reportTaskProgress}, ...); those
	 * missing are not checked
	 * @param shutdownPhase {@code spring.lifecycle.timeout-per-shutdown-phase}
	 * @return the ladder
	 */
	public static TimeoutLadder of(UpstreamProperties upstream, InputProperties input,
			Map<String, Duration> breakerSlowCalls, Duration shutdownPhase) {
		Rung hold = new Rung("worker-gateway.upstream.poll-hold", upstream.pollHold());
		Rung pollResponse = new Rung("worker-gateway.upstream.poll-response-timeout", upstream.pollResponseTimeout());
		Rung backstop = new Rung("the SDK backstop (poll-response-timeout + sdk-timeout-margin)",
				upstream.pollSdkTimeout());
		Rung callResponse = new Rung("worker-gateway.upstream.call-response-timeout", upstream.callResponseTimeout());
		List<Step> steps = new ArrayList<>();
		steps.add(new Step(hold, pollResponse, "an idle poll must end with its empty answer, not a timeout"));
		steps.add(new Step(pollResponse, backstop, "our transport must time out before the SDK"));
		steps.add(new Step(
				new Rung("worker-gateway.upstream.pending-acquire-timeout + connect-timeout",
						upstream.pendingAcquireTimeout().plus(upstream.connectTimeout())),
				new Rung("the SDK backstop - poll-hold", upstream.pollSdkTimeout().minus(upstream.pollHold())),
				"a poll that waited for a connection must still get its whole hold"));
		breakerSlowCalls.forEach((breaker, threshold) -> {
			boolean poll = breaker.equals("pollForTask");
			Rung slowCall = new Rung(
					"resilience4j.circuitbreaker.instances." + breaker + ".slow-call-duration-threshold", threshold);
			steps.add(poll ? new Step(pollResponse, slowCall, "a healthy empty poll must never count as slow")
					: new Step(callResponse, slowCall, "a call slower than its response timeout already failed"));
		});
		steps.add(new Step(backstop, new Rung("spring.lifecycle.timeout-per-shutdown-phase", shutdownPhase),
				"in-flight polls must drain before the upstream client is closed"));
		steps.add(new Step(new Rung("worker-gateway.input.body-idle-timeout", input.bodyIdleTimeout()),
				new Rung("worker-gateway.input.body-read-timeout", input.bodyReadTimeout()),
				"a pause cannot outlast the whole body's time"));
		return new TimeoutLadder(steps);
	}

	/**
	 * Every pair of rungs, the lower first.
	 * @return the steps
	 */
	public List<Step> steps() {
		return this.steps;
	}

	/**
	 * The steps whose upper rung is not above the lower.
	 * @return one message per broken step, naming both rungs and their values
	 */
	public List<String> violations() {
		return this.steps.stream().filter((step) -> !step.holds()).map(Step::toString).toList();
	}

	/**
	 * Fails when a rung is not above the one below it.
	 * @throws IllegalStateException naming each broken step
	 */
	public void validate() {
		List<String> violations = violations();
		if (!violations.isEmpty()) {
			throw new IllegalStateException("The timeout ladder is broken: " + String.join("; ", violations));
		}
	}

	/**
	 * One timeout.
	 *
	 * @param name the property (or what it is derived from)
	 * @param value its value
	 */
	public record Rung(String name, Duration value) {

		@Override
		public String toString() {
			return this.name + " (" + format(this.value) + ")";
		}

		private static String format(Duration value) {
			return (value.toMillis() % 1000 == 0) ? value.toSeconds() + "s" : value.toMillis() + "ms";
		}

	}

	/**
	 * Two rungs, one of which must stay below the other.
	 *
	 * @param lower the lower rung
	 * @param upper the rung that must be above it
	 * @param why what goes wrong otherwise
	 */
	public record Step(Rung lower, Rung upper, String why) {

		boolean holds() {
			return this.upper.value().compareTo(this.lower.value()) > 0;
		}

		@Override
		public String toString() {
			return this.upper + " must be above " + this.lower + ": " + this.why;
		}

	}

}
