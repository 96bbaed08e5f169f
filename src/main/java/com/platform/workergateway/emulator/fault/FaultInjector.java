package com.platform.workergateway.emulator.fault;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
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

	private final DoubleSupplier random;

	/**
	 * @param random uniform values in [0, 1), e.g. {@code Math::random}
	 */
	public FaultInjector(DoubleSupplier random) {
		this.random = random;
	}

	public Fault add(Fault fault) {
		Fault added = fault.withId("fault-" + this.ids.incrementAndGet());
		this.faults.add(added);
		return added;
	}

	public List<Fault> faults() {
		return List.copyOf(this.faults);
	}

	public void clear() {
		this.faults.clear();
	}

	/**
	 * Rolls the dice for one call.
	 */
	public FaultEffect effectFor(String operation) {
		FaultEffect effect = FaultEffect.NONE;
		for (Fault fault : this.faults) {
			if (fault.appliesTo(operation) && this.random.getAsDouble() < fault.rate()) {
				effect = effect.plus(fault);
			}
		}
		return effect;
	}

}
