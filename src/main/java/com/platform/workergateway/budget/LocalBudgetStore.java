package com.platform.workergateway.budget;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.LongSupplier;

import reactor.core.publisher.Mono;

/**
 * This replica's share of the account: one bucket per operation, of the account's rate
 * and burst divided by the number of replicas running. A single replica gets the whole
 * account.
 */
final class LocalBudgetStore implements BudgetStore {

	private final BudgetProperties properties;

	private final Map<UpstreamOperation, TokenBucket> buckets = new EnumMap<>(UpstreamOperation.class);

	private volatile int replicas;

	LocalBudgetStore(BudgetProperties properties, int replicas, LongSupplier nanoTime) {
		this.properties = properties;
		this.replicas = replicas;
		for (UpstreamOperation operation : UpstreamOperation.values()) {
			double burst = burst(operation, replicas);
			this.buckets.put(operation, new TokenBucket(rate(operation, replicas), burst, reserve(burst), nanoTime));
		}
	}

	@Override
	public Mono<Duration> take(UpstreamOperation operation, Priority priority, Duration maxWait) {
		return Mono.fromSupplier(() -> this.buckets.get(operation).take(priority, maxWait));
	}

	/**
	 * Resizes every bucket to the share of {@code replicas} replicas.
	 */
	void replicasChanged(int replicas) {
		if (replicas == this.replicas) {
			return;
		}
		this.replicas = replicas;
		this.buckets.forEach((operation, bucket) -> {
			double burst = burst(operation, replicas);
			bucket.resize(rate(operation, replicas), burst, reserve(burst));
		});
	}

	int replicas() {
		return this.replicas;
	}

	/**
	 * Empties every bucket, less the calls {@code owed} that another store granted and
	 * that have not gone out yet. After the shared store failed, this replica does not
	 * know what the account has left: spending only what refills, at its share of the
	 * rate, after what it already granted, keeps the replicas together at the account's
	 * rate whatever was spent before.
	 */
	void drain(Reservations owed) {
		this.buckets.forEach((operation, bucket) -> bucket.drain(owed.takePending(operation)));
	}

	private double rate(UpstreamOperation operation, int replicas) {
		return this.properties.accountRate(operation) / replicas;
	}

	private double burst(UpstreamOperation operation, int replicas) {
		return Math.max(1, this.properties.bucketCapacity(operation) / (double) replicas);
	}

	private double reserve(double burst) {
		return Math.floor(burst * this.properties.reserve());
	}

}
