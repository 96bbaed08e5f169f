/**
 * Relays workers' reports upstream: task progress, task status and runner heartbeats,
 * with safe retries, the account budget and coalescing of chatter.
 */
@NullMarked
package com.platform.workergateway.report;

import org.jspecify.annotations.NullMarked;
