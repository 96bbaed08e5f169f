package com.platform.workergateway.emulator.runner;

import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * Heartbeats per task runner and the terminate flags set through the admin API.
 * <p>
 * A terminate request stays in force: every later heartbeat of that runner answers
 * {@code terminate: true}, as a runner that ignored the first answer should hear it
 * again.
 */
public final class RunnerRegistry {

	private final Map<String, RunnerEntry> runners = new ConcurrentHashMap<>();

	private final Clock clock;

	public RunnerRegistry(Clock clock) {
		this.clock = clock;
	}

	/**
	 * Records a heartbeat.
	 * @return whether the runner should terminate
	 */
	public boolean heartbeat(String taskrunnerId, @Nullable String workerGroup, @Nullable String hostname) {
		return this.runners
			.compute(taskrunnerId, (id, entry) -> ((entry != null) ? entry : RunnerEntry.unseen(id))
				.heartbeat(workerGroup, hostname, this.clock.instant()))
			.terminateRequested();
	}

	/**
	 * Asks a runner to terminate; it may not have sent a heartbeat yet.
	 */
	public RunnerEntry terminate(String taskrunnerId) {
		return this.runners.compute(taskrunnerId,
				(id, entry) -> ((entry != null) ? entry : RunnerEntry.unseen(id)).terminate());
	}

	public Optional<RunnerEntry> runner(String taskrunnerId) {
		return Optional.ofNullable(this.runners.get(taskrunnerId));
	}

	public List<RunnerEntry> runners() {
		return this.runners.values().stream().sorted(Comparator.comparing(RunnerEntry::taskrunnerId)).toList();
	}

	public void reset() {
		this.runners.clear();
	}

}
