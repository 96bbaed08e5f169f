/**
 * The emulator's admin API under {@code /emulator}.
 */
@NullMarked
package com.platform.workergateway.emulator.admin;

import org.jspecify.annotations.NullMarked;
