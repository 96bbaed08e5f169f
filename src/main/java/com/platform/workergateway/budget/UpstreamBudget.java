package com.platform.workergateway.budget;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Keeps upstream calls inside the gateway's share of the account's rate limits. Every
 * upstream call attempt, retries included, takes a token first.
 */
public class UpstreamBudget {

	private final BudgetProperties properties;

	private final Map<UpstreamOperation, TokenBucket> buckets = new EnumMap<>(UpstreamOperation.class);

	private final Scheduler timer;

	private final MeterRegistry meters;

	public UpstreamBudget(BudgetProperties properties, MeterRegistry meters, Scheduler timer, LongSupplier nanoTime) {
		this.properties = properties;
		this.timer = timer;
		this.meters = meters;
		for (UpstreamOperation operation : UpstreamOperation.values()) {
			double burst = properties.burst(operation);
			this.buckets.put(operation, new TokenBucket(properties.rate(operation), burst,
					Math.floor(burst * properties.reserve()), nanoTime));
		}
	}

	/**
	 * Completes when the call may go upstream, at once or after a short wait; errors with
	 * {@link BudgetExceededException} when it may not.
	 */
	public Mono<Void> acquire(UpstreamOperation operation, Priority priority) {
		if (!this.properties.enabled()) {
			return Mono.empty();
		}
		return Mono.defer(() -> {
			Duration maxWait = (operation == UpstreamOperation.POLL_FOR_TASK) ? this.properties.pollMaxWait()
					: this.properties.highPriorityMaxWait();
			Duration wait = this.buckets.get(operation).take(priority, maxWait);
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
