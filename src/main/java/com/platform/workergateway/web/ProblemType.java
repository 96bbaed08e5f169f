package com.platform.workergateway.web;

import java.net.URI;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;

/**
 * The problem types of the worker API: the one table of their URNs, statuses, titles and
 * documented meanings. Every problem the gateway answers is made from it
 * ({@link Problems}), and the API description lists it (apidoc).
 */
public enum ProblemType {

	INVALID_REQUEST(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request",
			"The request breaks the contract; nothing was sent upstream"),

	UNAUTHENTICATED(HttpStatus.UNAUTHORIZED, "unauthenticated", "Unauthenticated", "No or bad credentials"),

	FORBIDDEN(HttpStatus.FORBIDDEN, "forbidden", "Forbidden", "Credentials not allowed for this worker group or task"),

	/** Only a call on a task can meet it ({@link OperationProblems}). */
	TASK_NOT_FOUND(HttpStatus.NOT_FOUND, "task-not-found", "Task not found", "Unknown or ended task"),

	/** Only a call on a task can meet it ({@link OperationProblems}). */
	PIPELINE_DELETED(HttpStatus.GONE, "pipeline-deleted", "Pipeline deleted", "The task's pipeline was deleted"),

	/** The request body did not arrive within the body read timeouts (slow client). */
	REQUEST_TIMEOUT(HttpStatus.REQUEST_TIMEOUT, "request-timeout", "Request timeout",
			"The body was sent too slowly (body read or idle timeout)"),

	PAYLOAD_TOO_LARGE(HttpStatus.CONTENT_TOO_LARGE, "payload-too-large", "Payload too large",
			"Body over the configured limit"),

	THROTTLED(HttpStatus.TOO_MANY_REQUESTS, "throttled", "Throttled",
			"Over a rate or capacity limit, local or upstream"),

	UPSTREAM_ERROR(HttpStatus.BAD_GATEWAY, "upstream-error", "Upstream error",
			"Data Pipeline failed (InternalServiceError) or refused the gateway"),

	UPSTREAM_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "upstream-unavailable", "Upstream unavailable",
			"Data Pipeline unreachable, circuit breaker open, or the gateway is draining"),

	UPSTREAM_TIMEOUT(HttpStatus.GATEWAY_TIMEOUT, "upstream-timeout", "Upstream timeout",
			"No upstream answer within the response timeout"),

	INTERNAL(HttpStatus.INTERNAL_SERVER_ERROR, "internal", "Internal error", "Unexpected failure");

	private static final String URN_PREFIX = "urn:worker-gateway:problem:";

	private final HttpStatus status;

	private final String slug;

	private final URI type;

	private final String title;

	private final String meaning;

	ProblemType(HttpStatus status, String slug, String title, String meaning) {
		this.status = status;
		this.slug = slug;
		this.type = URI.create(URN_PREFIX + slug);
		this.title = title;
		this.meaning = meaning;
	}

	public HttpStatus status() {
		return this.status;
	}

	/**
	 * The type's short name, e.g. {@code request-timeout}, as audit lines name outcomes.
	 */
	public String slug() {
		return this.slug;
	}

	public URI type() {
		return this.type;
	}

	public String title() {
		return this.title;
	}

	/**
	 * What the problem means to a worker, as the API description says it.
	 */
	public String meaning() {
		return this.meaning;
	}

	/**
	 * Whether any call of the worker API can meet this problem; the others are named per
	 * endpoint with {@link OperationProblems}.
	 */
	public boolean everyCall() {
		return this != TASK_NOT_FOUND && this != PIPELINE_DELETED;
	}

	/**
	 * The type with this URN, if it is one of ours.
	 * @param type a problem's {@code type}
	 * @return the problem type, or {@code null}
	 */
	public static @Nullable ProblemType of(URI type) {
		for (ProblemType candidate : values()) {
			if (candidate.type.equals(type)) {
				return candidate;
			}
		}
		return null;
	}

}
