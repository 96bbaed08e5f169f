package com.platform.workergateway.report;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;

import com.platform.workergateway.upstream.RunnerHeartbeat;

/**
 * Relays runner heartbeats, at most one per runner per coalescing window: the account
 * allows one ReportTaskRunnerHeartbeat per second in all. A {@code terminate} answer is
 * final for that runner and returned to each of its later heartbeats.
 */
public class HeartbeatRelay {

	private final UpstreamReports reports;

	private final ReportProperties properties;

	private final LongSupplier nanoTime;

	private final Counter coalesced;

	private final Map<String, RunnerState> runners = new ConcurrentHashMap<>();

	public HeartbeatRelay(UpstreamReports reports, ReportProperties properties, LongSupplier nanoTime,
			MeterRegistry meters) {
		this.reports = reports;
		this.properties = properties;
		this.nanoTime = nanoTime;
		this.coalesced = Counter.builder("worker.gateway.coalesced")
			.description("Reports answered without an upstream call")
			.tag("operation", "ReportTaskRunnerHeartbeat")
			.register(meters);
	}

	/**
	 * @return whether the runner should terminate
	 */
	public Mono<Boolean> heartbeat(RunnerHeartbeat heartbeat) {
		return Mono.defer(() -> {
			RunnerState state = state(heartbeat.taskrunnerId());
			if (state == null) {
				return this.reports.reportTaskRunnerHeartbeat(heartbeat);
			}
			Mono<Boolean> answer = state.answer(this.nanoTime.getAsLong(), this.properties.heartbeatCoalesceWindow(),
					() -> this.reports.reportTaskRunnerHeartbeat(heartbeat));
			if (answer == null) {
				this.coalesced.increment();
				return Mono.just(state.terminate());
			}
			return answer;
		});
	}

	private RunnerState state(String taskrunnerId) {
		RunnerState state = this.runners.get(taskrunnerId);
		if (state == null && this.runners.size() < this.properties.maxRunners()) {
			state = this.runners.computeIfAbsent(taskrunnerId, (id) -> new RunnerState());
		}
		return state;
	}

	/** Forgets runners not heard from within the retention. */
	public void sweep() {
		long now = this.nanoTime.getAsLong();
		Duration retention = this.properties.retention();
		this.runners.values().removeIf((state) -> state.idleLongerThan(now, retention));
	}

	/**
	 * A runner's last relayed heartbeat.
	 */
	static final class RunnerState {

		private long relayedAt;

		private boolean relayed;

		private boolean terminate;

		private long seenAt;

		/**
		 * @return the upstream call to make, or {@code null} to answer from
		 * {@link #terminate()}
		 */
		synchronized Mono<Boolean> answer(long now, Duration window, java.util.function.Supplier<Mono<Boolean>> call) {
			this.seenAt = now;
			if (this.terminate || (this.relayed && now - this.relayedAt < window.toNanos())) {
				return null;
			}
			this.relayed = true;
			this.relayedAt = now;
			return call.get().doOnNext(this::answered).doOnError((failure) -> forget());
		}

		private synchronized void answered(boolean terminate) {
			this.terminate = this.terminate || terminate;
		}

		/** A failed relay does not count: the runner's next heartbeat tries again. */
		private synchronized void forget() {
			this.relayed = false;
		}

		synchronized boolean terminate() {
			return this.terminate;
		}

		synchronized boolean idleLongerThan(long now, Duration retention) {
			return now - this.seenAt > retention.toNanos();
		}

	}

}
