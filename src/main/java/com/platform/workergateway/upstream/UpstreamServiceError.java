package com.platform.workergateway.upstream;

import org.jspecify.annotations.Nullable;

/**
 * Data Pipeline failed on its side: {@code InternalServiceError} or any other 5xx answer
 * (a load balancer's 503, say). The call may be repeated.
 */
public final class UpstreamServiceError extends UpstreamFailure {

	public UpstreamServiceError(@Nullable String errorCode, @Nullable String upstreamMessage,
			@Nullable Throwable cause) {
		super("Data Pipeline answered with a server error " + errorCode, errorCode, upstreamMessage, cause);
	}

}
