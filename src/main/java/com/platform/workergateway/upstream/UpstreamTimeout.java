package com.platform.workergateway.upstream;

import org.jspecify.annotations.Nullable;

/**
 * No answer within the response timeout (ours or the SDK's backstop). The call may have
 * taken effect upstream, so it is never repeated blindly.
 */
public final class UpstreamTimeout extends UpstreamFailure {

	public UpstreamTimeout(@Nullable Throwable cause) {
		super("Data Pipeline did not answer within the response timeout", null, null, cause);
	}

}
