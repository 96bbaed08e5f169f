package com.platform.workergateway.report;

/**
 * The answer to a progress report.
 *
 * @param canceled whether the task was canceled: stop working on it and do not report its
 * status
 */
public record ProgressResponse(boolean canceled) {

}
