package com.platform.workergateway.budget;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import reactor.core.scheduler.Schedulers;

/**
 * Wires the account budget.
 */
@Configuration(proxyBeanMethods = false)
class BudgetConfiguration {

	@Bean
	UpstreamBudget upstreamBudget(BudgetProperties properties, MeterRegistry meters) {
		return new UpstreamBudget(properties, meters, Schedulers.parallel(), System::nanoTime);
	}

}
