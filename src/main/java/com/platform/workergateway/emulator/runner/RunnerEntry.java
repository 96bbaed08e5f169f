package com.platform.workergateway.emulator.runner;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * What the emulator knows of one task runner.
 *
 * @param taskrunnerId the runner's id
 * @param heartbeats number of heartbeats received
 * @param lastWorkerGroup the worker group of the latest heartbeat that named one
 * @param lastHostname the hostname of the latest heartbeat that named one
 * @param lastHeartbeatAt when the latest heartbeat arrived, null if none yet
 * @param terminateRequested whether its heartbeats answer {@code terminate: true}
 */
public record RunnerEntry(String taskrunnerId, long heartbeats, @Nullable String lastWorkerGroup,
		@Nullable String lastHostname, @Nullable Instant lastHeartbeatAt, boolean terminateRequested) {

	static RunnerEntry unseen(String taskrunnerId) {
		return new RunnerEntry(taskrunnerId, 0, null, null, null, false);
	}

	RunnerEntry heartbeat(@Nullable String workerGroup, @Nullable String hostname, Instant at) {
		return new RunnerEntry(this.taskrunnerId, this.heartbeats + 1,
				(workerGroup != null) ? workerGroup : this.lastWorkerGroup,
				(hostname != null) ? hostname : this.lastHostname, at, this.terminateRequested);
	}

	RunnerEntry terminate() {
		return new RunnerEntry(this.taskrunnerId, this.heartbeats, this.lastWorkerGroup, this.lastHostname,
				this.lastHeartbeatAt, true);
	}

}
