/**
 * Test support: clients for the gateway and the embedded emulator.
 */
@NullMarked
package com.platform.workergateway.support;

import org.jspecify.annotations.NullMarked;
