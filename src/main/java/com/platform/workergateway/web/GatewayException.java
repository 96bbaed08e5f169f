package com.platform.workergateway.web;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A failure answered to the worker as an RFC 9457 problem of one of the
 * {@link ProblemType}s. Made only by {@link Problems}; thrown on hot paths, so it carries
 * no stack trace.
 */
public class GatewayException extends ErrorResponseException {

	private final ProblemType problemType;

	GatewayException(ProblemType problemType, HttpStatusCode status, ProblemDetail body, @Nullable Throwable cause) {
		super(status, body, cause);
		this.problemType = problemType;
	}

	public ProblemType problemType() {
		return this.problemType;
	}

	@Override
	public synchronized Throwable fillInStackTrace() {
		return this;
	}

}
