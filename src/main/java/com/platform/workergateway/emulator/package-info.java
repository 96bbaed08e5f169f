@NullMarked
package com.platform.workergateway.emulator;

import org.jspecify.annotations.NullMarked;
