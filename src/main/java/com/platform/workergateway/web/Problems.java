package com.platform.workergateway.web;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import reactor.core.Exceptions;

import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

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
 * The one problem factory: every problem the gateway answers, from controllers, web
 * filters or the security chain, is made here from the {@link ProblemType} table, and
 * every failure of the layers below is mapped here to its problem. Anything not
 * recognised is a 500, never a 400: the worker did nothing wrong that we know of.
 * {@link ProblemResponses} writes what is made here.
 */
public final class Problems {

	private static final Duration RETRY_SOON = Duration.ofSeconds(1);

	private Problems() {
	}

	/**
	 * A problem of the given type, at that type's status.
	 * @param type the problem type
	 * @param detail what happened, in terms a worker's author can act on; no secrets
	 * @return the problem
	 */
	public static GatewayException of(ProblemType type, String detail) {
		return of(type, detail, null);
	}

	/**
	 * A problem of the given type that the worker may retry after a while.
	 * @param type the problem type
	 * @param detail what happened
	 * @param retryAfter when to come back ({@code Retry-After}, whole seconds, at least
	 * 1), or {@code null}
	 * @return the problem
	 */
	public static GatewayException of(ProblemType type, String detail, @Nullable Duration retryAfter) {
		return create(type, type.status(), detail, null, retryAfter, null);
	}

	/**
	 * A request that breaks the contract in a way HTTP has its own status for (an
	 * unsupported media type, a method not allowed, ...): {@code invalid-request} with
	 * that status, as the status says how; a 5xx from the framework is {@code internal}.
	 * @param status the framework's status
	 * @param detail the framework's detail
	 * @param headers headers the status needs ({@code Accept}, {@code Allow}, ...)
	 * @return the problem
	 */
	static GatewayException ofStatus(HttpStatusCode status, String detail, @Nullable HttpHeaders headers) {
		ProblemType type = status.is4xxClientError() ? ProblemType.INVALID_REQUEST : ProblemType.INTERNAL;
		GatewayException problem = create(type, status, detail, null, null, null);
		if (headers != null) {
			problem.getHeaders().addAll(headers);
		}
		return problem;
	}

	/**
	 * The problem a failure is answered with.
	 * @param error the failure of a call, possibly the last one of exhausted retries
	 * @return its problem
	 */
	public static GatewayException from(Throwable error) {
		// The gateway's retries wrap the last failure when they give up.
		Throwable failure = Exceptions.isRetryExhausted(error) && error.getCause() != null ? error.getCause() : error;
		if (failure instanceof GatewayException ex) {
			return ex;
		}
		if (failure instanceof DataBufferLimitException ex) {
			// A decoder's in-memory cap: the body is over the limit
			// (RequestBodyLimitFilter usually refuses it first).
			return create(ProblemType.PAYLOAD_TOO_LARGE, "The request body is over the size limit", null, null, ex);
		}
		if (failure instanceof InvalidTaskTokenException ex) {
			return create(ex.malformed() ? ProblemType.INVALID_REQUEST : ProblemType.FORBIDDEN, ex.getMessage(), null,
					null, ex);
		}
		if (failure instanceof BudgetExceededException ex) {
			return create(ProblemType.THROTTLED, ex.getMessage(), null, ex.retryAfter(), ex);
		}
		if (failure instanceof WaiterLimitExceededException ex) {
			return create(ProblemType.THROTTLED, ex.getMessage(), null, RETRY_SOON, ex);
		}
		if (failure instanceof DispatcherDrainingException ex) {
			return create(ProblemType.UPSTREAM_UNAVAILABLE, ex.getMessage(), null, RETRY_SOON, ex);
		}
		if (failure instanceof UpstreamFailure ex) {
			return upstream(ex);
		}
		return create(ProblemType.INTERNAL, "Unexpected failure", null, null, failure);
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
			return create(ProblemType.UPSTREAM_TIMEOUT, ex.getMessage(), null, null, ex);
		}
		// The hierarchy is sealed: what is left is unavailable.
		UpstreamUnavailable ex = (UpstreamUnavailable) failure;
		return create(ProblemType.UPSTREAM_UNAVAILABLE, ex.reason().description(), null,
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
		return create(type, (message != null) ? message : type.title(), failure.errorCode(), retryAfter, failure);
	}

	private static GatewayException create(ProblemType type, String detail, @Nullable String upstreamError,
			@Nullable Duration retryAfter, @Nullable Throwable cause) {
		return create(type, type.status(), detail, upstreamError, retryAfter, cause);
	}

	private static GatewayException create(ProblemType type, HttpStatusCode status, String detail,
			@Nullable String upstreamError, @Nullable Duration retryAfter, @Nullable Throwable cause) {
		ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
		body.setType(type.type());
		body.setTitle(type.title());
		if (upstreamError != null) {
			body.setProperty("upstreamError", upstreamError);
		}
		GatewayException problem = new GatewayException(type, status, body, cause);
		if (retryAfter != null) {
			problem.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, retryAfter.toSeconds())));
		}
		return problem;
	}

}
