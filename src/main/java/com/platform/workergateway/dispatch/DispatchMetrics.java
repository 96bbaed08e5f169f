package com.platform.workergateway.dispatch;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The dispatcher's meters: queue wait by group and outcome, waiters and upstream polls in
 * flight by group, and orphan tasks.
 */
class DispatchMetrics {

	static final String POLL_WAIT = "worker.gateway.poll.wait";

	static final String WAITERS = "worker.gateway.waiters";

	static final String UPSTREAM_POLLS_INFLIGHT = "worker.gateway.upstream.polls.inflight";

	static final String ORPHANS = "worker.gateway.orphans";

	static final String REDELIVERIES = "worker.gateway.redeliveries";

	private static final String GROUP_TAG = "worker_group";

	private final MeterRegistry registry;

	private final Counter orphansHandedOff;

	private final Counter orphansReleased;

	private final Map<Redelivery, Counter> redeliveries = new EnumMap<>(Redelivery.class);

	/**
	 * The poll-wait timers of the groups in use, by outcome: looked up once, not with a
	 * builder and a registry look-up on every poll. Forgotten with the group.
	 */
	private final Map<String, Map<PollOutcome, Timer>> waitTimers = new ConcurrentHashMap<>();

	DispatchMetrics(MeterRegistry registry) {
		this.registry = registry;
		this.orphansHandedOff = orphanCounter("handed_off");
		this.orphansReleased = orphanCounter("released");
		for (Redelivery reason : Redelivery.values()) {
			this.redeliveries.put(reason,
					Counter.builder(REDELIVERIES)
						.description("Tasks handed to a worker that went away before its answer was written, and"
								+ " handed on to the group's next worker")
						.tag("reason", reason.tagValue())
						.register(registry));
		}
	}

	private Counter orphanCounter(String outcome) {
		return Counter.builder(ORPHANS)
			.description("Tasks that arrived with no live waiter, by what became of them")
			.tag("outcome", outcome)
			.register(this.registry);
	}

	void recordWait(String workerGroup, PollOutcome outcome, long nanos) {
		this.waitTimers.computeIfAbsent(workerGroup, (group) -> new ConcurrentHashMap<>())
			.computeIfAbsent(outcome, (key) -> waitTimer(workerGroup, key))
			.record(nanos, TimeUnit.NANOSECONDS);
	}

	private Timer waitTimer(String workerGroup, PollOutcome outcome) {
		return Timer.builder(POLL_WAIT)
			.description("Time from a worker's poll to its answer")
			.tag(GROUP_TAG, workerGroup)
			.tag("outcome", outcome.tagValue())
			.publishPercentileHistogram()
			.register(this.registry);
	}

	void orphanHandedOff() {
		this.orphansHandedOff.increment();
	}

	void redelivered(Redelivery reason) {
		this.redeliveries.get(reason).increment();
	}

	void orphanReleased() {
		this.orphansReleased.increment();
	}

	/**
	 * Registers the gauges of a group.
	 * @return the meters to remove when the group is evicted
	 */
	List<Meter> registerGroup(WorkerGroupQueue queue) {
		Gauge waiters = Gauge.builder(WAITERS, queue, WorkerGroupQueue::waiterCount)
			.description("Workers waiting in a group's queue")
			.tag(GROUP_TAG, queue.workerGroup())
			.strongReference(true)
			.register(this.registry);
		Gauge inFlight = Gauge.builder(UPSTREAM_POLLS_INFLIGHT, queue, WorkerGroupQueue::upstreamPollsInFlight)
			.description("Upstream PollForTask calls in flight for a group")
			.tag(GROUP_TAG, queue.workerGroup())
			.strongReference(true)
			.register(this.registry);
		return List.of(waiters, inFlight);
	}

	void removeGroup(String workerGroup, List<Meter> meters) {
		this.waitTimers.remove(workerGroup);
		meters.forEach(this.registry::remove);
	}

}
