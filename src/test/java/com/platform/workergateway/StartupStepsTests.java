package com.platform.workergateway;

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

}
