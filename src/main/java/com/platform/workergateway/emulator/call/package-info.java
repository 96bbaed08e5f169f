/**
 * Counts of the task-runner calls the emulator received.
 */
@NullMarked
package com.platform.workergateway.emulator.call;

import org.jspecify.annotations.NullMarked;
