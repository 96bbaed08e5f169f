@NullMarked
package com.platform.workergateway.emulator.wire;

import org.jspecify.annotations.NullMarked;
