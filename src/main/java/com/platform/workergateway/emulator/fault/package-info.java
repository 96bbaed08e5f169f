/**
 * Faults injected into the emulator's answers: errors, latency, hangs.
 */
@NullMarked
package com.platform.workergateway.emulator.fault;

import org.jspecify.annotations.NullMarked;
