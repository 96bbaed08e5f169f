@NullMarked
package com.platform.workergateway.emulator.runner;

import org.jspecify.annotations.NullMarked;
