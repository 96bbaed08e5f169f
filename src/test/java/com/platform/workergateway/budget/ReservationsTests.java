package com.platform.workergateway.budget;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReservationsTests {

	private final AtomicLong now = new AtomicLong();

	private final Reservations reservations = new Reservations(this.now::get);

	@Test
	void shouldCountGrantsWithAWaitUntilTheyAreDue() {
		this.reservations.granted(UpstreamOperation.POLL_FOR_TASK, Duration.ZERO);
		this.reservations.granted(UpstreamOperation.POLL_FOR_TASK, Duration.ofMillis(500));
		this.reservations.granted(UpstreamOperation.POLL_FOR_TASK, Duration.ofMillis(1000));
		this.reservations.granted(UpstreamOperation.SET_TASK_STATUS, Duration.ofMillis(1000));

		this.now.addAndGet(Duration.ofMillis(600).toNanos());

		assertThat(this.reservations.takePending(UpstreamOperation.POLL_FOR_TASK)).isOne();
		assertThat(this.reservations.takePending(UpstreamOperation.SET_TASK_STATUS)).isOne();
	}

	@Test
	void shouldForgetWhatWasTaken() {
		this.reservations.granted(UpstreamOperation.POLL_FOR_TASK, Duration.ofSeconds(1));

		assertThat(this.reservations.takePending(UpstreamOperation.POLL_FOR_TASK)).isOne();
		assertThat(this.reservations.takePending(UpstreamOperation.POLL_FOR_TASK)).isZero();
	}

	@Test
	void shouldIgnoreRefusals() {
		this.reservations.granted(UpstreamOperation.POLL_FOR_TASK, Duration.ofSeconds(-1));

		assertThat(this.reservations.takePending(UpstreamOperation.POLL_FOR_TASK)).isZero();
	}

}
