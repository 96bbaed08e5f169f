package com.platform.workergateway;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.metrics.buffering.BufferingApplicationStartup;
import org.springframework.core.metrics.StartupStep;

import static org.assertj.core.api.Assertions.assertThat;

class StartupStepsTests {

	@AfterEach
	void clear() {
		System.clearProperty(StartupSteps.PROPERTY);
	}

	@Test
	void shouldRecordNothingWhenNotAsked() {
		SpringApplication application = new SpringApplication(WorkerGatewayApplication.class);

		assertThat(StartupSteps.recordIfAsked(application)).isNull();
	}

	@Test
	void shouldRecordTheStepsWhenAsked() {
		System.setProperty(StartupSteps.PROPERTY, "5");
		SpringApplication application = new SpringApplication(WorkerGatewayApplication.class);

		BufferingApplicationStartup startup = StartupSteps.recordIfAsked(application);
		StartupStep step = startup.start("test.step").tag("bean", "example");
		step.end();
		StartupSteps.logSlowest(startup);

		assertThat(startup.getBufferedTimeline().getEvents())
			.anySatisfy((event) -> assertThat(event.getStartupStep().getName()).isEqualTo("test.step"));
	}

	@Test
	void shouldRankTheStepsByTheirOwnTimeWithoutTheirNestedSteps() {
		BufferingApplicationStartup startup = new BufferingApplicationStartup(100);
		StartupStep outer = startup.start("outer");
		StartupStep inner = startup.start("inner");
		spin(Duration.ofMillis(40));
		inner.end();
		spin(Duration.ofMillis(5));
		outer.end();

		String slowest = StartupSteps.slowest(startup.getBufferedTimeline(), 2);

		// The outer step lasts longest, but the inner one is where its time went.
		assertThat(slowest.lines().skip(1).toList()).satisfiesExactly(
				(first) -> assertThat(first).endsWith("ms  inner"),
				(second) -> assertThat(second).endsWith("ms  outer"));
	}

	/** Busy for the given time (the steps measure wall-clock time; no sleep in tests). */
	private static void spin(Duration duration) {
		long end = System.nanoTime() + duration.toNanos();
		while (System.nanoTime() < end) {
			Thread.onSpinWait();
		}
	}

}
