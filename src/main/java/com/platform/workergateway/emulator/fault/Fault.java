package com.platform.workergateway.emulator.fault;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * A fault injected into the emulator's answers to one operation, or to all.
 *
 * @param id assigned when the fault is added
 * @param operation an operation name such as {@code PollForTask}, or {@code *} for all
 * @param error the {@code __type} to answer with, e.g. {@code InternalServiceError}
 * @param rate the share of matching calls it hits, 0 to 1
 * @param latency delay added before the call is answered
 * @param hang never answer: the connection stays open until the client gives up
 */
public record Fault(String id, String operation, @Nullable String error, double rate, @Nullable Duration latency,
		boolean hang, @Nullable Integer times) {

	public static final String ALL_OPERATIONS = "*";

	public Fault {
		if (rate < 0 || rate > 1) {
			throw new IllegalArgumentException("rate must be between 0 and 1, got " + rate);
		}
		if (latency != null && latency.isNegative()) {
			throw new IllegalArgumentException("latency must not be negative, got " + latency);
		}
		if (times != null && times < 1) {
			throw new IllegalArgumentException("times must be at least 1, got " + times);
		}
		if (error == null && latency == null && !hang) {
			throw new IllegalArgumentException("A fault needs an error, a latency or hang");
		}
	}

	public static Fault error(String operation, String error) {
		return new Fault("", operation, error, 1, null, false, null);
	}

	public static Fault latency(String operation, Duration latency) {
		return new Fault("", operation, null, 1, latency, false, null);
	}

	public static Fault hang(String operation) {
		return new Fault("", operation, null, 1, null, true, null);
	}

	/**
	 * The same fault, limited to the next {@code count} calls it applies to.
	 */
	public Fault times(int count) {
		return new Fault(this.id, this.operation, this.error, this.rate, this.latency, this.hang, count);
	}

	boolean appliesTo(String operationName) {
		return ALL_OPERATIONS.equals(this.operation) || this.operation.equals(operationName);
	}

	Fault withId(String newId) {
		return new Fault(newId, this.operation, this.error, this.rate, this.latency, this.hang, this.times);
	}

}
