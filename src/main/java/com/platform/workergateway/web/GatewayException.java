package com.platform.workergateway.web;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A failure answered to the worker as an RFC 9457 problem of one of the
 * {@link ProblemType}s. Thrown on hot paths, so it carries no stack trace.
 */
public class GatewayException extends ErrorResponseException {

	private final ProblemType problemType;

	public GatewayException(ProblemType problemType, String detail) {
		this(problemType, detail, null, null, null);
	}

	public GatewayException(ProblemType problemType, String detail, @Nullable String upstreamError,
			@Nullable Duration retryAfter, @Nullable Throwable cause) {
		super(problemType.status(), problemDetail(problemType, detail, upstreamError), cause);
		this.problemType = problemType;
		if (retryAfter != null) {
			getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, retryAfter.toSeconds())));
		}
	}

	private static ProblemDetail problemDetail(ProblemType problemType, String detail, @Nullable String upstreamError) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(problemType.status(), detail);
		problem.setType(problemType.type());
		problem.setTitle(problemType.title());
		if (upstreamError != null) {
			problem.setProperty("upstreamError", upstreamError);
		}
		return problem;
	}

	public ProblemType problemType() {
		return this.problemType;
	}

	@Override
	public synchronized Throwable fillInStackTrace() {
		return this;
	}

}
