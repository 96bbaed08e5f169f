/**
 * Tasks as workers see them: the task token that names a task and its worker group.
 */
@NullMarked
package com.platform.workergateway.task;

import org.jspecify.annotations.NullMarked;
