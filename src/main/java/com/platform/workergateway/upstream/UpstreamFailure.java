package com.platform.workergateway.upstream;

import org.jspecify.annotations.Nullable;

/**
 * Why a {@link DataPipelineClient} call failed, in the gateway's own terms: the port's
 * whole failure contract. The AWS adapter turns every SDK and transport failure into one
 * of these, so callers decide (answer, retry, record in a breaker) without knowing the
 * SDK.
 * <p>
 * Carries no stack trace of its own (upstream trouble comes in floods); the adapter's
 * original failure is its cause.
 */
public abstract sealed class UpstreamFailure extends RuntimeException
		permits UpstreamServiceError, UpstreamClientError, UpstreamThrottled, UpstreamTimeout, UpstreamUnavailable {

	private final @Nullable String errorCode;

	private final @Nullable String upstreamMessage;

	UpstreamFailure(String message, @Nullable String errorCode, @Nullable String upstreamMessage,
			@Nullable Throwable cause) {
		super(message, cause, false, false);
		this.errorCode = errorCode;
		this.upstreamMessage = upstreamMessage;
	}

	/**
	 * The error code Data Pipeline answered with (e.g. {@code InternalServiceError}).
	 * @return the code, {@code null} when there was no answer
	 */
	public @Nullable String errorCode() {
		return this.errorCode;
	}

	/**
	 * The message Data Pipeline answered with, safe to pass on to the worker.
	 * @return the message, {@code null} when there was none
	 */
	public @Nullable String upstreamMessage() {
		return this.upstreamMessage;
	}

}
