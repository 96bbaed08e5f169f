package com.platform.workergateway.report;

/**
 * The answer to a runner heartbeat.
 *
 * @param terminate whether the runner should finish its current task and exit
 */
public record HeartbeatResponse(boolean terminate) {

}
