package com.platform.workergateway.task;

/**
 * What a task token names: an upstream task and the worker group it was polled for.
 *
 * @param workerGroup the worker group the task was handed to
 * @param taskId the upstream task id
 */
public record TaskToken(String workerGroup, String taskId) {

}
