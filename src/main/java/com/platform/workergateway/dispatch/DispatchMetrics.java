package com.platform.workergateway.dispatch;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;

/**
 * The dispatcher's meters: queue wait by group and outcome, waiters and upstream polls in
 * flight by group, orphan tasks and redeliveries.
 * <p>
 * <b>Bounded groups.</b> At most {@code maxMeteredGroups} worker groups have their own
 * {@value #GROUP_TAG} tag value at a time; the meters of a group are removed when it is
 * evicted, which frees its place. Groups beyond the bound share the tag value
 * {@value #OTHER_GROUPS}: their waits are recorded together and its gauges add theirs up.
 * A group keeps the tag value it got for as long as it lives, so its series never jump
 * between values.
 */
class DispatchMetrics {

	static final String POLL_WAIT = "worker.gateway.poll.wait";

	static final String WAITERS = "worker.gateway.waiters";

	static final String UPSTREAM_POLLS_INFLIGHT = "worker.gateway.upstream.polls.inflight";

	static final String ORPHANS = "worker.gateway.orphans";

	static final String REDELIVERIES = "worker.gateway.redeliveries";

	static final String WAITERS_LIMIT = "worker.gateway.waiters.limit";

	static final String GROUP_TAG = "worker_group";

	/** The tag value of the groups beyond the bound. */
	static final String OTHER_GROUPS = "_other";

	private static final Map<String, String> DESCRIPTIONS = Map.of(WAITERS, "Workers waiting in a group's queue",
			UPSTREAM_POLLS_INFLIGHT, "Upstream PollForTask calls in flight for a group");

	private final MeterRegistry registry;

	private final int maxMeteredGroups;

	private final Counter orphansHandedOff;

	private final Counter orphansReleased;

	private final Map<Redelivery, Counter> redeliveries = new EnumMap<>(Redelivery.class);

	private final Set<WorkerGroupQueue> overflowQueues = ConcurrentHashMap.newKeySet();

	private @Nullable GroupMeters overflowMeters;

	private int meteredGroups;

	DispatchMetrics(MeterRegistry registry, int maxMeteredGroups) {
		this(registry, maxMeteredGroups, null);
	}

	/**
	 * Creates the meters.
	 * @param registry where they go
	 * @param maxMeteredGroups groups with a tag value of their own
	 * @param limits the waiter caps to publish, so alert rules and dashboards need not
	 * repeat the configuration
	 */
	DispatchMetrics(MeterRegistry registry, int maxMeteredGroups, @Nullable DispatchProperties limits) {
		this.registry = registry;
		this.maxMeteredGroups = maxMeteredGroups;
		if (limits != null) {
			limit("group", limits.maxWaitersPerGroup());
			limit("gateway", limits.maxWaiters());
		}
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

	// Registered when the bound is first reached: most gateways never need them.
	private GroupMeters overflowMeters() {
		GroupMeters meters = this.overflowMeters;
		if (meters == null) {
			meters = new GroupMeters(OTHER_GROUPS, false, waitTimers(OTHER_GROUPS), List.of(
					gauge(WAITERS, OTHER_GROUPS, this.overflowQueues, (queues) -> sum(queues, true)),
					gauge(UPSTREAM_POLLS_INFLIGHT, OTHER_GROUPS, this.overflowQueues, (queues) -> sum(queues, false))));
			this.overflowMeters = meters;
		}
		return meters;
	}

	private void limit(String scope, int value) {
		Gauge.builder(WAITERS_LIMIT, () -> value)
			.description("Waiting workers beyond which polls get 429, per group or for the whole gateway")
			.tag("scope", scope)
			.register(this.registry);
	}

	private static double sum(Set<WorkerGroupQueue> queues, boolean waiters) {
		return queues.stream()
			.mapToInt(waiters ? WorkerGroupQueue::waiterCount : WorkerGroupQueue::upstreamPollsInFlight)
			.sum();
	}

	private Counter orphanCounter(String outcome) {
		return Counter.builder(ORPHANS)
			.description("Tasks that arrived with no live waiter, by what became of them")
			.tag("outcome", outcome)
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
	 * Registers the meters of a new group: its own, or a share of
	 * {@value #OTHER_GROUPS}'s when the bound is reached.
	 * @param queue the group's queue
	 * @return the meters to record its waits on and to remove when it is evicted
	 */
	GroupMeters registerGroup(WorkerGroupQueue queue) {
		synchronized (this) {
			if (this.meteredGroups >= this.maxMeteredGroups) {
				this.overflowQueues.add(queue);
				return overflowMeters();
			}
			this.meteredGroups++;
		}
		String group = queue.workerGroup();
		return new GroupMeters(group, true, waitTimers(group),
				List.of(gauge(WAITERS, group, queue, WorkerGroupQueue::waiterCount),
						gauge(UPSTREAM_POLLS_INFLIGHT, group, queue, WorkerGroupQueue::upstreamPollsInFlight)));
	}

	/**
	 * Removes an evicted group's meters (or its share of {@value #OTHER_GROUPS}'s).
	 * @param queue the group's queue
	 * @param meters what {@link #registerGroup} gave it
	 */
	void removeGroup(WorkerGroupQueue queue, GroupMeters meters) {
		if (!meters.owned()) {
			this.overflowQueues.remove(queue);
			return;
		}
		meters.waits().values().forEach(this.registry::remove);
		meters.gauges().forEach(this.registry::remove);
		synchronized (this) {
			this.meteredGroups--;
		}
	}

	// All outcomes up front: a group's meters are then complete when it is registered,
	// and nothing can re-register one after its group was evicted.
	private Map<PollOutcome, Timer> waitTimers(String group) {
		Map<PollOutcome, Timer> timers = new EnumMap<>(PollOutcome.class);
		for (PollOutcome outcome : PollOutcome.values()) {
			timers.put(outcome,
					Timer.builder(POLL_WAIT)
						.description("Time from a worker's poll to its answer")
						.tag(GROUP_TAG, group)
						.tag("outcome", outcome.tagValue())
						.register(this.registry));
		}
		return timers;
	}

	private <T> Gauge gauge(String name, String group, T state, ToDoubleFunction<T> value) {
		return Gauge.builder(name, state, value)
			.description(DESCRIPTIONS.get(name))
			.tag(GROUP_TAG, group)
			.strongReference(true)
			.register(this.registry);
	}

	/**
	 * A group's meters.
	 *
	 * @param tag the group's {@value #GROUP_TAG} tag value
	 * @param owned whether they are the group's own, removed with it
	 * @param waits the queue-wait timer of each outcome
	 * @param gauges waiters and upstream polls in flight
	 */
	record GroupMeters(String tag, boolean owned, Map<PollOutcome, Timer> waits, List<Meter> gauges) {

		void recordWait(PollOutcome outcome, long nanos) {
			// A wait that ends just after its group was evicted goes to a removed timer
			// and is lost: rare (an idle group is evicted only after minutes) and it
			// cannot leak a series.
			this.waits.get(outcome).record(nanos, TimeUnit.NANOSECONDS);
		}

	}

}
