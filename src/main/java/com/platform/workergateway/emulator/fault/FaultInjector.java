package com.platform.workergateway.emulator.fault;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;

/**
 * The faults currently injected. Each matching fault hits a call independently with its
 * rate; the latencies of all hits add up, a hang wins, and the first error in insertion
 * order is the answer.
 */
public final class FaultInjector {

	private final List<Fault> faults = new CopyOnWriteArrayList<>();

	private final AtomicLong ids = new AtomicLong();

	private final Map<String, AtomicInteger> remaining = new ConcurrentHashMap<>();

	private final DoubleSupplier random;

	/**
	 * @param random uniform values in [0, 1), e.g. {@code Math::random}
	 */
	public FaultInjector(DoubleSupplier random) {
		this.random = random;
	}

	public Fault add(Fault fault) {
		Fault added = fault.withId("fault-" + this.ids.incrementAndGet());
		if (added.times() != null) {
			this.remaining.put(added.id(), new AtomicInteger(added.times()));
		}
		this.faults.add(added);
		return added;
	}

	public List<Fault> faults() {
		return List.copyOf(this.faults);
	}

	public void clear() {
		this.faults.clear();
		this.remaining.clear();
	}

	/**
	 * Rolls the dice for one call.
	 */
	public FaultEffect effectFor(String operation) {
		FaultEffect effect = FaultEffect.NONE;
		for (Fault fault : this.faults) {
			if (fault.appliesTo(operation) && this.random.getAsDouble() < fault.rate() && takeOne(fault)) {
				effect = effect.plus(fault);
			}
		}
		return effect;
	}

	/**
	 * Uses up one of a counted fault's calls, removing it after its last.
	 * @return whether the fault still applied
	 */
	private boolean takeOne(Fault fault) {
		AtomicInteger left = this.remaining.get(fault.id());
		if (left == null) {
			return true;
		}
		int before = left.getAndDecrement();
		if (before <= 1) {
			this.faults.remove(fault);
			this.remaining.remove(fault.id());
		}
		return before >= 1;
	}

}
