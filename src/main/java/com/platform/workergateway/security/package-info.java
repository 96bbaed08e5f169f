/**
 * Worker authentication and authorization: static bearer tokens and JWTs (Kubernetes
 * ServiceAccount tokens), confinement of each caller to its worker groups, and the audit
 * log.
 */
@NullMarked
package com.platform.workergateway.security;

import org.jspecify.annotations.NullMarked;
