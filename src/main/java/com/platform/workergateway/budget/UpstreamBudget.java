package com.platform.workergateway.budget;

import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Keeps upstream calls inside the account's rate limits, spending from the shared store
 * or this replica's share. Every upstream call attempt, retries included, takes a token
 * first.
 */
public class UpstreamBudget {

	private final BudgetProperties properties;

	private final BudgetStore store;

	private final Scheduler timer;

	private final MeterRegistry meters;

	/**
	 * A budget of local buckets, for {@code properties.replicas()} replicas.
	 */
	public UpstreamBudget(BudgetProperties properties, MeterRegistry meters, Scheduler timer, LongSupplier nanoTime) {
		this(properties, new LocalBudgetStore(properties, properties.replicas(), nanoTime), meters, timer);
	}

	UpstreamBudget(BudgetProperties properties, BudgetStore store, MeterRegistry meters, Scheduler timer) {
		this.properties = properties;
		this.store = store;
		this.timer = timer;
		this.meters = meters;
	}

	/**
	 * Completes when the call may go upstream, at once or after a short wait; errors with
	 * {@link BudgetExceededException} when it may not.
	 */
	public Mono<Void> acquire(UpstreamOperation operation, Priority priority) {
		if (!this.properties.enabled()) {
			return Mono.empty();
		}
		Duration maxWait = (operation == UpstreamOperation.POLL_FOR_TASK) ? this.properties.pollMaxWait()
				: this.properties.highPriorityMaxWait();
		return this.store.take(operation, priority, maxWait).flatMap((wait) -> {
			if (wait.isNegative()) {
				count("worker.gateway.budget.rejections", operation, priority);
				return Mono.error(new BudgetExceededException(operation, wait.negated()));
			}
			if (wait.isZero()) {
				return Mono.empty();
			}
			count("worker.gateway.budget.waits", operation, priority);
			return Mono.delay(wait, this.timer).then();
		});
	}

	private void count(String name, UpstreamOperation operation, Priority priority) {
		Counter.builder(name)
			.tag("operation", operation.awsName())
			.tag("priority", priority.name().toLowerCase(Locale.ROOT))
			.register(this.meters)
			.increment();
	}

}
