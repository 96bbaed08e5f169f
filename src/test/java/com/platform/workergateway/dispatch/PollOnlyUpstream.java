package com.platform.workergateway.dispatch;

import reactor.core.publisher.Mono;

import com.platform.workergateway.upstream.DataPipelineClient;
import com.platform.workergateway.upstream.RunnerHeartbeat;
import com.platform.workergateway.upstream.TaskProgress;
import com.platform.workergateway.upstream.TaskStatusReport;

/**
 * A test upstream for the dispatcher, which only polls: reports succeed and change
 * nothing.
 */
interface PollOnlyUpstream extends DataPipelineClient {

	@Override
	default Mono<Boolean> reportTaskProgress(TaskProgress progress) {
		return Mono.just(false);
	}

	@Override
	default Mono<Void> setTaskStatus(TaskStatusReport report) {
		return Mono.empty();
	}

	@Override
	default Mono<Boolean> reportTaskRunnerHeartbeat(RunnerHeartbeat heartbeat) {
		return Mono.just(false);
	}

}
