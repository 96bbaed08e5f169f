@NullMarked
package com.platform.workergateway.dispatch;

import org.jspecify.annotations.NullMarked;
