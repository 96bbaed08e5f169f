package com.platform.workergateway.upstream;

import java.net.URI;

/**
 * Supplies the upstream endpoint when it is known only at run time, as for the embedded
 * emulator bound to a random port. An explicit {@code worker-gateway.upstream.endpoint}
 * wins over it.
 */
@FunctionalInterface
public interface UpstreamEndpointOverride {

	URI endpoint();

}
