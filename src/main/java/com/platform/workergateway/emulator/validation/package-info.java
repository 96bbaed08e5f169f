/**
 * The service model's input constraints, checked the way AWS words its validation errors.
 */
@NullMarked
package com.platform.workergateway.emulator.validation;

import org.jspecify.annotations.NullMarked;
