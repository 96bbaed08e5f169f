package com.platform.workergateway.web;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import reactor.core.Exceptions;

import org.springframework.core.io.buffer.DataBufferLimitException;

import com.platform.workergateway.budget.BudgetExceededException;
import com.platform.workergateway.dispatch.DispatcherDrainingException;
import com.platform.workergateway.dispatch.WaiterLimitExceededException;
import com.platform.workergateway.task.InvalidTaskTokenException;
import com.platform.workergateway.upstream.UpstreamClientError;
import com.platform.workergateway.upstream.UpstreamFailure;
import com.platform.workergateway.upstream.UpstreamServiceError;
import com.platform.workergateway.upstream.UpstreamThrottled;
import com.platform.workergateway.upstream.UpstreamTimeout;
import com.platform.workergateway.upstream.UpstreamUnavailable;

/**
 * Maps failures of the dispatch and upstream layers to the worker API's problems
 * (DESIGN.md §2): one place, one {@code switch}. Anything not recognised is a 500, never
 * a 400: the worker did nothing wrong that we know of.
 */
public class UpstreamErrorTranslator {

	private static final Duration RETRY_SOON = Duration.ofSeconds(1);

	public GatewayException translate(Throwable error) {
		// The gateway's retries wrap the last failure when they give up.
		Throwable failure = Exceptions.isRetryExhausted(error) && error.getCause() != null ? error.getCause() : error;
		if (failure instanceof GatewayException ex) {
			return ex;
		}
		if (failure instanceof DataBufferLimitException ex) {
			// A decoder's in-memory cap: the body is over the limit
			// (RequestBodyLimitFilter
			// usually refuses it first).
			return problem(ProblemType.PAYLOAD_TOO_LARGE, "The request body is over the size limit", null, null, ex);
		}
		if (failure instanceof InvalidTaskTokenException ex) {
			return problem(ex.malformed() ? ProblemType.INVALID_REQUEST : ProblemType.FORBIDDEN, ex.getMessage(), null,
					null, ex);
		}
		if (failure instanceof BudgetExceededException ex) {
			return problem(ProblemType.THROTTLED, ex.getMessage(), null, ex.retryAfter(), ex);
		}
		if (failure instanceof WaiterLimitExceededException ex) {
			return problem(ProblemType.THROTTLED, ex.getMessage(), null, RETRY_SOON, ex);
		}
		if (failure instanceof DispatcherDrainingException ex) {
			return problem(ProblemType.UPSTREAM_UNAVAILABLE, ex.getMessage(), null, RETRY_SOON, ex);
		}
		if (failure instanceof UpstreamFailure ex) {
			return upstream(ex);
		}
		return problem(ProblemType.INTERNAL, "Unexpected failure", null, null, failure);
	}

	private static GatewayException upstream(UpstreamFailure failure) {
		if (failure instanceof UpstreamClientError ex) {
			return upstream(clientProblem(ex.kind()), ex, null);
		}
		if (failure instanceof UpstreamThrottled ex) {
			return upstream(ProblemType.THROTTLED, ex, RETRY_SOON);
		}
		if (failure instanceof UpstreamServiceError ex) {
			return upstream(ProblemType.UPSTREAM_ERROR, ex, null);
		}
		if (failure instanceof UpstreamTimeout ex) {
			return problem(ProblemType.UPSTREAM_TIMEOUT, ex.getMessage(), null, null, ex);
		}
		UpstreamUnavailable ex = (UpstreamUnavailable) failure;
		return problem(ProblemType.UPSTREAM_UNAVAILABLE, ex.reason().description(), null,
				(ex.retryAfter() != null) ? ex.retryAfter() : RETRY_SOON, ex);
	}

	private static ProblemType clientProblem(UpstreamClientError.Kind kind) {
		switch (kind) {
			case TASK_NOT_FOUND:
			case PIPELINE_NOT_FOUND:
				return ProblemType.TASK_NOT_FOUND;
			case PIPELINE_DELETED:
				return ProblemType.PIPELINE_DELETED;
			case INVALID_REQUEST:
				return ProblemType.INVALID_REQUEST;
			default:
				// Refused for a reason the worker cannot act on (the gateway's
				// credentials, say).
				return ProblemType.UPSTREAM_ERROR;
		}
	}

	private static GatewayException upstream(ProblemType type, UpstreamFailure failure, @Nullable Duration retryAfter) {
		String message = failure.upstreamMessage();
		return problem(type, (message != null) ? message : type.title(), failure.errorCode(), retryAfter, failure);
	}

	private static GatewayException problem(ProblemType type, String detail, @Nullable String upstreamError,
			@Nullable Duration retryAfter, Throwable cause) {
		return new GatewayException(type, detail, upstreamError, retryAfter, cause);
	}

}
