/**
 * Task queues per worker group, held polls, hand-offs and the ledger of what happened to
 * each task.
 */
@NullMarked
package com.platform.workergateway.emulator.task;

import org.jspecify.annotations.NullMarked;
