package com.platform.workergateway.upstream;

import java.net.URI;

/**
 * Supplies the upstream endpoint when it is known only at run time, as for the embedded
 * emulator bound to a random port. An explicit {@code worker-gateway.upstream.endpoint}
 * wins over it.
 * <p>
 * {@link #endpoint()} is asked on every upstream call (so a server may bind its port
 * after the SDK client was built): keep it cheap.
 */
@FunctionalInterface
public interface UpstreamEndpointOverride {

	URI endpoint();

}
