/**
 * The account's API budget: one token bucket per upstream operation, sized from the
 * documented account limits divided by the replica count.
 */
@NullMarked
package com.platform.workergateway.budget;

import org.jspecify.annotations.NullMarked;
