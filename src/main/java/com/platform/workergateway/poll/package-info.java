@NullMarked
package com.platform.workergateway.poll;

import org.jspecify.annotations.NullMarked;
