package com.platform.workergateway.emulator.call;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the task-runner API calls received, per operation and outcome, so that tests can
 * assert what reached the "upstream" (and that nothing did).
 */
public final class CallCounter {

	/**
	 * Counted when a call arrives, before its outcome is known.
	 */
	public static final String RECEIVED = "received";

	private final Map<String, Map<String, LongAdder>> counts = new ConcurrentHashMap<>();

	public void received(String operation) {
		increment(operation, RECEIVED);
	}

	/**
	 * Counts how a call ended: {@code ok}, an error name, {@code throttled},
	 * {@code rejected-auth} or {@code cancelled}.
	 */
	public void outcome(String operation, String outcome) {
		increment(operation, outcome);
	}

	public EmulatorCalls snapshot() {
		Map<String, Map<String, Long>> copy = new TreeMap<>();
		this.counts.forEach((operation, outcomes) -> {
			Map<String, Long> byOutcome = new TreeMap<>();
			outcomes.forEach((outcome, count) -> byOutcome.put(outcome, count.sum()));
			copy.put(operation, byOutcome);
		});
		return new EmulatorCalls(copy);
	}

	public void reset() {
		this.counts.clear();
	}

	private void increment(String operation, String outcome) {
		this.counts.computeIfAbsent(operation, (name) -> new ConcurrentHashMap<>())
			.computeIfAbsent(outcome, (name) -> new LongAdder())
			.increment();
	}

}
