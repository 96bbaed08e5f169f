/**
 * The Data Pipeline service model's constraints, applied to worker requests before
 * anything goes upstream.
 */
@NullMarked
package com.platform.workergateway.model;

import org.jspecify.annotations.NullMarked;
