@NullMarked
package com.platform.workergateway.emulator.task;

import org.jspecify.annotations.NullMarked;
