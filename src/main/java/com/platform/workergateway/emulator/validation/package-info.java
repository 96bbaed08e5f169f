@NullMarked
package com.platform.workergateway.emulator.validation;

import org.jspecify.annotations.NullMarked;
