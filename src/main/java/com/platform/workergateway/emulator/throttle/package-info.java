@NullMarked
package com.platform.workergateway.emulator.throttle;

import org.jspecify.annotations.NullMarked;
