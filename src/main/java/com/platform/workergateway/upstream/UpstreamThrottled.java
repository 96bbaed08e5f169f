package com.platform.workergateway.upstream;

import org.jspecify.annotations.Nullable;

/**
 * Data Pipeline throttled the call: the account is busy, not the service broken. The call
 * may be repeated after a pause.
 */
public final class UpstreamThrottled extends UpstreamFailure {

	public UpstreamThrottled(@Nullable String errorCode, @Nullable String upstreamMessage, @Nullable Throwable cause) {
		super("Data Pipeline throttled the call: " + errorCode, errorCode, upstreamMessage, cause);
	}

}
