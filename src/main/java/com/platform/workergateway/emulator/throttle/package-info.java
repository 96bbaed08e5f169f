/**
 * The service's per-account rate limits as token buckets.
 */
@NullMarked
package com.platform.workergateway.emulator.throttle;

import org.jspecify.annotations.NullMarked;
