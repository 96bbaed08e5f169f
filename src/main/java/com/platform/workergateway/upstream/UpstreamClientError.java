package com.platform.workergateway.upstream;

import org.jspecify.annotations.Nullable;

/**
 * Data Pipeline refused the call as a client mistake (4xx, not throttling): repeating it
 * cannot help, and it says nothing about the upstream's health.
 */
public final class UpstreamClientError extends UpstreamFailure {

	private final Kind kind;

	public UpstreamClientError(Kind kind, @Nullable String errorCode, @Nullable String upstreamMessage,
			@Nullable Throwable cause) {
		super("Data Pipeline refused the call: " + errorCode, errorCode, upstreamMessage, cause);
		this.kind = kind;
	}

	public Kind kind() {
		return this.kind;
	}

	/**
	 * The client errors Data Pipeline's model names, and the rest.
	 */
	public enum Kind {

		/** {@code InvalidRequestException}: the call breaks the service's contract. */
		INVALID_REQUEST,

		/** {@code TaskNotFoundException}: unknown or ended task. */
		TASK_NOT_FOUND,

		/** {@code PipelineNotFoundException}: the task's pipeline is unknown. */
		PIPELINE_NOT_FOUND,

		/** {@code PipelineDeletedException}: the task's pipeline was deleted. */
		PIPELINE_DELETED,

		/**
		 * Any 4xx the model does not name (e.g. the gateway's credentials refused): the
		 * worker did nothing wrong.
		 */
		OTHER

	}

}
