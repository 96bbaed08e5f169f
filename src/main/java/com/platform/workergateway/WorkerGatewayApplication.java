package com.platform.workergateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.metrics.buffering.BufferingApplicationStartup;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Entry point of the worker gateway: plain JSON/HTTP in front of AWS Data Pipeline's
 * task-runner API.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class WorkerGatewayApplication {

	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(WorkerGatewayApplication.class);
		BufferingApplicationStartup steps = StartupSteps.recordIfAsked(application);
		application.run(args);
		if (steps != null) {
			StartupSteps.logSlowest(steps);
		}
	}

}
