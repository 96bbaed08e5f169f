package com.platform.workergateway.web;

import java.time.Duration;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.jspecify.annotations.Nullable;
import reactor.core.Exceptions;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.datapipeline.model.InvalidRequestException;
import software.amazon.awssdk.services.datapipeline.model.PipelineDeletedException;
import software.amazon.awssdk.services.datapipeline.model.PipelineNotFoundException;
import software.amazon.awssdk.services.datapipeline.model.TaskNotFoundException;

import org.springframework.core.io.buffer.DataBufferLimitException;

import com.platform.workergateway.budget.BudgetExceededException;
import com.platform.workergateway.dispatch.DispatcherDrainingException;
import com.platform.workergateway.dispatch.WaiterLimitExceededException;
import com.platform.workergateway.task.InvalidTaskTokenException;
import com.platform.workergateway.upstream.UpstreamFailures;

/**
 * Maps failures of the dispatch and upstream layers to the worker API's problems
 * (DESIGN.md §2): one place, one {@code switch}. Anything not recognised is a 500, never
 * a 400: the worker did nothing wrong that we know of.
 */
public class UpstreamErrorTranslator {

	private static final Duration RETRY_SOON = Duration.ofSeconds(1);

	private final CircuitBreakerRegistry circuitBreakers;

	public UpstreamErrorTranslator(CircuitBreakerRegistry circuitBreakers) {
		this.circuitBreakers = circuitBreakers;
	}

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
		if (failure instanceof CallNotPermittedException ex) {
			return problem(ProblemType.UPSTREAM_UNAVAILABLE,
					"Data Pipeline is failing; calls are paused while the circuit breaker is open", null,
					openStateWait(ex), ex);
		}
		if (failure instanceof AwsServiceException ex) {
			return upstream(ex);
		}
		if (UpstreamFailures.isTimeout(failure)) {
			return problem(ProblemType.UPSTREAM_TIMEOUT, "Data Pipeline did not answer within the response timeout",
					null, null, failure);
		}
		if (failure instanceof SdkClientException) {
			return problem(ProblemType.UPSTREAM_UNAVAILABLE, "Data Pipeline could not be reached", null, RETRY_SOON,
					failure);
		}
		return problem(ProblemType.INTERNAL, "Unexpected failure", null, null, failure);
	}

	private static GatewayException upstream(AwsServiceException ex) {
		if (ex instanceof TaskNotFoundException || ex instanceof PipelineNotFoundException) {
			return upstream(ProblemType.TASK_NOT_FOUND, ex, null);
		}
		if (ex instanceof PipelineDeletedException) {
			return upstream(ProblemType.PIPELINE_DELETED, ex, null);
		}
		if (ex instanceof InvalidRequestException) {
			return upstream(ProblemType.INVALID_REQUEST, ex, null);
		}
		if (ex.isThrottlingException()) {
			return upstream(ProblemType.THROTTLED, ex, RETRY_SOON);
		}
		// InternalServiceError, and any answer the model does not describe.
		return upstream(ProblemType.UPSTREAM_ERROR, ex, null);
	}

	private static GatewayException upstream(ProblemType type, AwsServiceException ex, @Nullable Duration retryAfter) {
		String errorCode = (ex.awsErrorDetails() != null) ? ex.awsErrorDetails().errorCode() : null;
		String message = (ex.awsErrorDetails() != null) ? ex.awsErrorDetails().errorMessage() : null;
		return problem(type, (message != null) ? message : type.title(), errorCode, retryAfter, ex);
	}

	private static GatewayException problem(ProblemType type, String detail, @Nullable String upstreamError,
			@Nullable Duration retryAfter, Throwable cause) {
		return new GatewayException(type, detail, upstreamError, retryAfter, cause);
	}

	private Duration openStateWait(CallNotPermittedException ex) {
		return this.circuitBreakers.find(ex.getCausingCircuitBreakerName())
			.map((breaker) -> breaker.getCircuitBreakerConfig().getWaitIntervalFunctionInOpenState().apply(1))
			.map(Duration::ofMillis)
			.orElse(RETRY_SOON);
	}

}
