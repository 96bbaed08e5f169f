package com.platform.workergateway.report;

import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;

import com.platform.workergateway.model.ModelText;
import com.platform.workergateway.upstream.RunnerHeartbeat;

/**
 * The body of {@code POST /v1/runners/heartbeat}.
 *
 * @param taskrunnerId the runner's id, unique across the account
 * @param workerGroup the worker group the runner polls
 * @param hostname the runner's host name
 */
public record HeartbeatRequest(@NotNull @ModelText(min = 1, max = 1024) String taskrunnerId,
		@ModelText(max = 1024) @Nullable String workerGroup,
		@ModelText(min = 1, max = 1024) @Nullable String hostname) {

	RunnerHeartbeat toUpstream() {
		return new RunnerHeartbeat(this.taskrunnerId, this.workerGroup, this.hostname);
	}

}
