@NullMarked
package com.platform.workergateway.emulator.admin;

import org.jspecify.annotations.NullMarked;
