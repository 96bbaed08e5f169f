/**
 * The timeout ladder: every timeout of the gateway in one ordered, validated set.
 */
@NullMarked
package com.platform.workergateway.timeout;

import org.jspecify.annotations.NullMarked;
