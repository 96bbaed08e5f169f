package com.platform.workergateway.dispatch;

import java.util.Locale;

/**
 * Refuses to start a gateway whose {@code max-waiters} does not fit the heap the JVM
 * actually has: a full gateway would die of an {@code OutOfMemoryError}, dropping every
 * held poll, long before its admission cap answered 429.
 */
final class WaiterCapacity {

	private WaiterCapacity() {
	}

	/**
	 * @param maxWaiters the configured cap
	 * @param sizing what a waiter costs
	 * @param maxHeap the JVM's maximum heap in bytes ({@link Runtime#maxMemory()})
	 * @throws IllegalStateException naming both numbers, when the cap does not fit
	 */
	static void check(int maxWaiters, SizingProperties sizing, long maxHeap) {
		long needed = heapNeeded(maxWaiters, sizing);
		if (needed > maxHeap) {
			throw new IllegalStateException(String.format(Locale.ROOT,
					"worker-gateway.dispatch.max-waiters=%d needs about %d MB of heap (%d x %d KB per waiting"
							+ " worker + %d %% headroom + %d MB reserved), but this JVM's max heap is %d MB:"
							+ " lower max-waiters to at most %d, or give the JVM more heap (a higher memory limit,"
							+ " -Xmx) (docs/deploy.md, \"Sizing\")",
					maxWaiters, mb(needed), maxWaiters, sizing.heapPerWaiter().toKilobytes(), sizing.headroomPercent(),
					sizing.reservedHeap().toMegabytes(), mb(maxHeap), fitting(sizing, maxHeap)));
		}
	}

	static long heapNeeded(int maxWaiters, SizingProperties sizing) {
		return maxWaiters * sizing.heapPerWaiter().toBytes() * (100 + sizing.headroomPercent()) / 100
				+ sizing.reservedHeap().toBytes();
	}

	/**
	 * @return the most waiters that fit the heap
	 */
	static long fitting(SizingProperties sizing, long maxHeap) {
		long free = Math.max(0, maxHeap - sizing.reservedHeap().toBytes());
		return free * 100 / (sizing.heapPerWaiter().toBytes() * (100 + sizing.headroomPercent()));
	}

	private static long mb(long bytes) {
		return bytes / (1024 * 1024);
	}

}
