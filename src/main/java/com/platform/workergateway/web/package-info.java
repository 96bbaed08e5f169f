@NullMarked
package com.platform.workergateway.web;

import org.jspecify.annotations.NullMarked;
