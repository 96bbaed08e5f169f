package com.platform.workergateway.web;

import java.net.URI;

import org.springframework.http.HttpStatus;

/**
 * The problem types of the worker API (DESIGN.md §2), with stable URNs.
 */
public enum ProblemType {

	INVALID_REQUEST(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request"),

	UNAUTHENTICATED(HttpStatus.UNAUTHORIZED, "unauthenticated", "Unauthenticated"),

	FORBIDDEN(HttpStatus.FORBIDDEN, "forbidden", "Forbidden"),

	TASK_NOT_FOUND(HttpStatus.NOT_FOUND, "task-not-found", "Task not found"),

	PIPELINE_DELETED(HttpStatus.GONE, "pipeline-deleted", "Pipeline deleted"),

	/** The request body did not arrive within the body read timeouts (slow client). */
	REQUEST_TIMEOUT(HttpStatus.REQUEST_TIMEOUT, "request-timeout", "Request timeout"),

	PAYLOAD_TOO_LARGE(HttpStatus.CONTENT_TOO_LARGE, "payload-too-large", "Payload too large"),

	THROTTLED(HttpStatus.TOO_MANY_REQUESTS, "throttled", "Throttled"),

	UPSTREAM_ERROR(HttpStatus.BAD_GATEWAY, "upstream-error", "Upstream error"),

	UPSTREAM_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "upstream-unavailable", "Upstream unavailable"),

	UPSTREAM_TIMEOUT(HttpStatus.GATEWAY_TIMEOUT, "upstream-timeout", "Upstream timeout"),

	INTERNAL(HttpStatus.INTERNAL_SERVER_ERROR, "internal", "Internal error");

	private static final String URN_PREFIX = "urn:worker-gateway:problem:";

	private final HttpStatus status;

	private final URI type;

	private final String title;

	ProblemType(HttpStatus status, String slug, String title) {
		this.status = status;
		this.type = URI.create(URN_PREFIX + slug);
		this.title = title;
	}

	public HttpStatus status() {
		return this.status;
	}

	public URI type() {
		return this.type;
	}

	public String title() {
		return this.title;
	}

}
