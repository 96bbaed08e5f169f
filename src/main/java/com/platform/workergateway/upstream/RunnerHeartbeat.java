package com.platform.workergateway.upstream;

import org.jspecify.annotations.Nullable;

/**
 * A ReportTaskRunnerHeartbeat request.
 *
 * @param taskrunnerId the runner's account-wide unique id
 * @param workerGroup the worker group the runner polls
 * @param hostname the runner's host name
 */
public record RunnerHeartbeat(String taskrunnerId, @Nullable String workerGroup, @Nullable String hostname) {

}
