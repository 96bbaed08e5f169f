package com.platform.workergateway.budget;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Calls one store granted with a wait and that have not gone out yet, per operation. When
 * this replica switches stores (the shared one failed, or answers again) those calls
 * still go out at their time, but the other store never counted them: it is charged for
 * them ({@link FailoverBudgetStore}), or the switch would put up to a few seconds of the
 * account's rate on top of it.
 */
final class Reservations {

	private final LongSupplier nanoTime;

	private final Map<UpstreamOperation, Deque<Long>> due = new EnumMap<>(UpstreamOperation.class);

	Reservations(LongSupplier nanoTime) {
		this.nanoTime = nanoTime;
		for (UpstreamOperation operation : UpstreamOperation.values()) {
			this.due.put(operation, new ArrayDeque<>());
		}
	}

	/**
	 * Records a grant; only those with a wait are ever pending.
	 */
	void granted(UpstreamOperation operation, Duration wait) {
		if (!wait.isNegative() && !wait.isZero()) {
			long now = this.nanoTime.getAsLong();
			Deque<Long> calls = this.due.get(operation);
			synchronized (calls) {
				forgetPast(calls, now);
				calls.addLast(now + wait.toNanos());
			}
		}
	}

	/**
	 * Calls of an operation granted but not gone out yet, and forgets them: from now on
	 * the other store answers for them.
	 */
	int takePending(UpstreamOperation operation) {
		long now = this.nanoTime.getAsLong();
		Deque<Long> calls = this.due.get(operation);
		synchronized (calls) {
			int pending = (int) calls.stream().filter((at) -> at - now > 0).count();
			calls.clear();
			return pending;
		}
	}

	private static void forgetPast(Deque<Long> calls, long now) {
		// Grants come in roughly the order of their due times (each store hands them out
		// in turn), so the past ones are at the head; a straggler behind is counted as
		// pending until then, which errs on the safe side.
		while (!calls.isEmpty() && calls.peekFirst() - now <= 0) {
			calls.removeFirst();
		}
	}

}
