@NullMarked
package com.platform.workergateway.emulator.fault;

import org.jspecify.annotations.NullMarked;
