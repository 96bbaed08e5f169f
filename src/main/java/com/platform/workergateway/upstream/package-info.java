@NullMarked
package com.platform.workergateway.upstream;

import org.jspecify.annotations.NullMarked;
