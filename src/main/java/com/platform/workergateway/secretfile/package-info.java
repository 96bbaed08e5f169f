/**
 * Secret files (mounted Kubernetes Secrets) that are re-read when they change, so that
 * worker tokens and task-token keys rotate without a restart.
 */
@NullMarked
package com.platform.workergateway.secretfile;

import org.jspecify.annotations.NullMarked;
