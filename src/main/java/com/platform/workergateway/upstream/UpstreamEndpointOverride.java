package com.platform.workergateway.upstream;

import java.net.URI;

import org.jspecify.annotations.Nullable;

/**
 * Supplies the upstream endpoint when it is known only at run time, as for the embedded
 * emulator bound to a random port, which publishes it as
 * {@code worker-gateway.upstream.endpoint} once bound. An endpoint configured at startup
 * wins over it.
 * <p>
 * {@link #endpoint()} is asked on every upstream call (so a server may bind its port
 * after the SDK client was built): keep it cheap.
 */
@FunctionalInterface
public interface UpstreamEndpointOverride {

	/**
	 * The endpoint now.
	 * @return the endpoint, or {@code null} for the AWS endpoint of the region
	 */
	@Nullable URI endpoint();

}
