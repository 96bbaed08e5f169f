package com.platform.workergateway.upstream;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * The call was not made, or got no usable answer: the upstream could not be reached, all
 * upstream connections were busy, or the operation's circuit breaker is open.
 */
public final class UpstreamUnavailable extends UpstreamFailure {

	private final Reason reason;

	private final @Nullable Duration retryAfter;

	public UpstreamUnavailable(Reason reason, @Nullable Duration retryAfter, @Nullable Throwable cause) {
		super(reason.description, null, null, cause);
		this.reason = reason;
		this.retryAfter = retryAfter;
	}

	public Reason reason() {
		return this.reason;
	}

	/**
	 * How long until the call may succeed, when known (an open breaker's wait).
	 * @return the wait, or {@code null}
	 */
	public @Nullable Duration retryAfter() {
		return this.retryAfter;
	}

	/**
	 * Why no call got through.
	 */
	public enum Reason {

		/**
		 * Connection refused, reset or timed out on connect, DNS, or an answer that could
		 * not be read.
		 */
		UNREACHABLE("Data Pipeline could not be reached"),

		/**
		 * Every upstream connection of the pool stayed busy past the acquire timeout: the
		 * gateway is busy, the call never left it.
		 */
		POOL_EXHAUSTED("Every connection to Data Pipeline is busy"),

		/** The operation's circuit breaker is open: the call was refused unmade. */
		BREAKER_OPEN("Data Pipeline is failing; calls are paused while the circuit breaker is open");

		private final String description;

		Reason(String description) {
			this.description = description;
		}

		public String description() {
			return this.description;
		}

	}

}
