package com.platform.workergateway.dispatch;

import org.junit.jupiter.api.Test;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNoException;

class WaiterCapacityTests {

	private static final SizingProperties SIZING = new SizingProperties(DataSize.ofKilobytes(40),
			DataSize.ofMegabytes(64), 25);

	private static final long HEAP_256_MB = DataSize.ofMegabytes(256).toBytes();

	@Test
	void shouldRefuseACapThatDoesNotFitTheHeapNamingBothNumbers() {
		// The application's default cap in a JVM given 256 MB of heap (a 512Mi pod).
		assertThatIllegalStateException().isThrownBy(() -> WaiterCapacity.check(20_000, SIZING, HEAP_256_MB))
			.withMessageContaining("max-waiters=20000 needs about 1040 MB of heap")
			.withMessageContaining("this JVM's max heap is 256 MB")
			.withMessageContaining("at most 3932");
	}

	@Test
	void shouldAcceptTheChartsDerivedCapAtItsDefaultHeap() {
		assertThatNoException().isThrownBy(() -> WaiterCapacity.check(3146, SIZING, HEAP_256_MB));
	}

	@Test
	void shouldAcceptExactlyWhatFits() {
		long fitting = WaiterCapacity.fitting(SIZING, HEAP_256_MB);

		assertThatNoException().isThrownBy(() -> WaiterCapacity.check((int) fitting, SIZING, HEAP_256_MB));
		assertThatIllegalStateException()
			.isThrownBy(() -> WaiterCapacity.check((int) fitting + 1, SIZING, HEAP_256_MB));
	}

}
