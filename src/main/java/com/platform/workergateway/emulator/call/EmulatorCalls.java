package com.platform.workergateway.emulator.call;

import java.util.Collections;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Calls received so far: operation name to outcome to count, with the outcome
 * {@value CallCounter#RECEIVED} counting every call that arrived.
 *
 * @param byOperation the counts; serialized as the bare map
 */
public record EmulatorCalls(@JsonValue Map<String, Map<String, Long>> byOperation) {

	public EmulatorCalls {
		// Kept as given: the counter hands over sorted copies, which read well as JSON.
		byOperation = Collections.unmodifiableMap(byOperation);
	}

	/**
	 * Number of calls of an operation that arrived.
	 */
	public long received(String operation) {
		return count(operation, CallCounter.RECEIVED);
	}

	public long count(String operation, String outcome) {
		return this.byOperation.getOrDefault(operation, Map.of()).getOrDefault(outcome, 0L);
	}

	/**
	 * Number of calls of every operation that arrived.
	 */
	public long received() {
		return this.byOperation.values()
			.stream()
			.mapToLong((outcomes) -> outcomes.getOrDefault(CallCounter.RECEIVED, 0L))
			.sum();
	}

}
