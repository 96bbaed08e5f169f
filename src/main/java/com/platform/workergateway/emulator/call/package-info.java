@NullMarked
package com.platform.workergateway.emulator.call;

import org.jspecify.annotations.NullMarked;
