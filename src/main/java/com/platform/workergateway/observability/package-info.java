/**
 * What operators see of the gateway as a whole: histogram buckets that follow the
 * configured waits and timeouts, the request id in every log line, and the tracing
 * wiring. Feature packages record their own meters and spans; this package depends on
 * them, never the other way round.
 */
@NullMarked
package com.platform.workergateway.observability;

import org.jspecify.annotations.NullMarked;
