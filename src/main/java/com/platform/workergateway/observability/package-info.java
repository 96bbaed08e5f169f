@NullMarked
package com.platform.workergateway.observability;

import org.jspecify.annotations.NullMarked;
