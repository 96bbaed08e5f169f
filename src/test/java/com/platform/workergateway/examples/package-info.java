/**
 * End-to-end tests of the example workers in {@code examples/}: real worker processes
 * against the gateway and its embedded emulator.
 */
@NullMarked
package com.platform.workergateway.examples;

import org.jspecify.annotations.NullMarked;
