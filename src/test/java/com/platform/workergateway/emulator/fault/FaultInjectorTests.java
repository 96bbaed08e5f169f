package com.platform.workergateway.emulator.fault;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class FaultInjectorTests {

	private final AtomicReference<Double> dice = new AtomicReference<>(0.5);

	private final FaultInjector faults = new FaultInjector(this.dice::get);

	@Test
	void shouldHitOnlyMatchingOperationsWhenAFaultNamesOne() {
		this.faults.add(Fault.error("PollForTask", "InternalServiceError"));

		assertThat(this.faults.effectFor("PollForTask").error()).isEqualTo("InternalServiceError");
		assertThat(this.faults.effectFor("SetTaskStatus")).isEqualTo(FaultEffect.NONE);
	}

	@Test
	void shouldStopAfterItsCountWhenAFaultIsCounted() {
		this.faults.add(Fault.error("SetTaskStatus", "InternalServiceError").times(3));

		for (int i = 0; i < 3; i++) {
			assertThat(this.faults.effectFor("SetTaskStatus").error()).isEqualTo("InternalServiceError");
		}
		assertThat(this.faults.effectFor("SetTaskStatus")).isEqualTo(FaultEffect.NONE);
		assertThat(this.faults.faults()).isEmpty();
	}

	@Test
	void shouldHitOnlyBelowTheRateWhenTheDiceRoll() {
		this.faults.add(new Fault("", "*", "ThrottlingException", 0.3, null, false, null));

		this.dice.set(0.29);
		assertThat(this.faults.effectFor("ReportTaskProgress").error()).isEqualTo("ThrottlingException");
		this.dice.set(0.3);
		assertThat(this.faults.effectFor("ReportTaskProgress").error()).isNull();
	}

	@Test
	void shouldCombineLatencyHangAndFirstErrorWhenSeveralFaultsHit() {
		this.faults.add(Fault.latency("*", Duration.ofSeconds(1)));
		this.faults.add(Fault.error("SetTaskStatus", "InternalServiceError"));
		this.faults.add(Fault.latency("SetTaskStatus", Duration.ofSeconds(2)));
		this.faults.add(Fault.error("*", "ThrottlingException"));

		FaultEffect effect = this.faults.effectFor("SetTaskStatus");

		assertThat(effect.latency()).isEqualTo(Duration.ofSeconds(3));
		assertThat(effect.error()).isEqualTo("InternalServiceError");
		assertThat(effect.hang()).isFalse();
		this.faults.add(Fault.hang("SetTaskStatus"));
		assertThat(this.faults.effectFor("SetTaskStatus").hang()).isTrue();
	}

	@Test
	void shouldNumberFaultsAndForgetThemWhenCleared() {
		Fault first = this.faults.add(Fault.hang("*"));
		Fault second = this.faults.add(Fault.hang("*"));

		assertThat(first.id()).isNotEqualTo(second.id());
		assertThat(this.faults.faults()).containsExactly(first, second);
		this.faults.clear();
		assertThat(this.faults.faults()).isEmpty();
	}

	@Test
	void shouldRefuseFaultsThatDoNothingOrHaveABadRate() {
		assertThatIllegalArgumentException().isThrownBy(() -> new Fault("", "*", null, 1, null, false, null));
		assertThatIllegalArgumentException().isThrownBy(() -> new Fault("", "*", "X", 1.5, null, false, null));
	}

}
