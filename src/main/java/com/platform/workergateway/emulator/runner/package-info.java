/**
 * Task runners seen through their heartbeats, and terminate requests.
 */
@NullMarked
package com.platform.workergateway.emulator.runner;

import org.jspecify.annotations.NullMarked;
