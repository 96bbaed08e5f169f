/**
 * The AWS JSON 1.1 protocol: SigV4 header checks, operation dispatch, errors.
 */
@NullMarked
package com.platform.workergateway.emulator.wire;

import org.jspecify.annotations.NullMarked;
