/**
 * The embedded AWS Data Pipeline emulator: a stand-in for the service endpoint on its own
 * port, off unless {@code worker-gateway.emulator.enabled=true}.
 */
@NullMarked
package com.platform.workergateway.emulator;

import org.jspecify.annotations.NullMarked;
