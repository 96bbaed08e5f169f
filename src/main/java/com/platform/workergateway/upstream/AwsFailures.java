package com.platform.workergateway.upstream;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

import io.netty.channel.ChannelException;
import io.netty.handler.timeout.ReadTimeoutException;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.datapipeline.model.InvalidRequestException;
import software.amazon.awssdk.services.datapipeline.model.PipelineDeletedException;
import software.amazon.awssdk.services.datapipeline.model.PipelineNotFoundException;
import software.amazon.awssdk.services.datapipeline.model.TaskNotFoundException;

/**
 * Turns what the SDK and the transport fail with into the port's
 * {@link UpstreamFailure}s: the one place that knows which SDK exception means what.
 * <p>
 * What each failure surfaces as, and what it becomes:
 * <table>
 * <caption>Upstream failures, their SDK exceptions and the port's failures</caption>
 * <tr>
 * <th>Failure</th>
 * <th>SDK exception</th>
 * <th>Port failure</th>
 * </tr>
 * <tr>
 * <td>No answer within the response timeout</td>
 * <td>{@link SdkClientException} caused by a {@link TimeoutException} (itself caused by
 * Netty's {@link ReadTimeoutException})</td>
 * <td>{@link UpstreamTimeout}</td>
 * </tr>
 * <tr>
 * <td>SDK backstop timeout</td>
 * <td>{@link ApiCallAttemptTimeoutException} or {@link ApiCallTimeoutException}</td>
 * <td>{@link UpstreamTimeout}</td>
 * </tr>
 * <tr>
 * <td>Connection refused, reset, connect timeout, DNS</td>
 * <td>{@link SdkClientException} caused by an {@link IOException}
 * ({@code ConnectException}, ...)</td>
 * <td>{@link UpstreamUnavailable} {@code UNREACHABLE}</td>
 * </tr>
 * <tr>
 * <td>All pooled connections busy past {@code pendingAcquireTimeout}</td>
 * <td>{@link SdkClientException} caused by Reactor Netty's
 * {@code PoolAcquireTimeoutException}</td>
 * <td>{@link UpstreamUnavailable} {@code POOL_EXHAUSTED} (never a timeout)</td>
 * </tr>
 * <tr>
 * <td>{@code InternalServiceError} (500), any other 5xx (e.g. a load balancer's 503)</td>
 * <td>{@code InternalServiceErrorException}, {@code DataPipelineException} with that
 * status</td>
 * <td>{@link UpstreamServiceError}</td>
 * </tr>
 * <tr>
 * <td>Throttling ({@code ThrottlingException} and the other codes the SDK knows)</td>
 * <td>{@code DataPipelineException}, {@code isThrottlingException()}</td>
 * <td>{@link UpstreamThrottled}</td>
 * </tr>
 * <tr>
 * <td>Client errors (400)</td>
 * <td>{@code InvalidRequestException}, {@code TaskNotFoundException},
 * {@code PipelineNotFoundException}, {@code PipelineDeletedException}, any other 4xx</td>
 * <td>{@link UpstreamClientError} of that kind</td>
 * </tr>
 * </table>
 * Timeouts are also transport failures: {@link #isTimeout} is checked before
 * {@link #isTransport}. An open circuit breaker is the adapter's own refusal
 * ({@link UpstreamUnavailable} {@code BREAKER_OPEN}); anything else (a bug) passes
 * unchanged.
 */
final class AwsFailures {

	private AwsFailures() {
	}

	/**
	 * The port's failure for a failure of the SDK call.
	 * @param failure what the SDK future failed with, possibly wrapped
	 * @return the port's failure; a failure that is none of the upstream's (a bug),
	 * unwrapped but otherwise unchanged
	 */
	static Throwable translate(Throwable failure) {
		Throwable root = unwrap(failure);
		if (root instanceof UpstreamFailure) {
			return root;
		}
		if (isPoolExhausted(root)) {
			return new UpstreamUnavailable(UpstreamUnavailable.Reason.POOL_EXHAUSTED, null, root);
		}
		if (isTimeout(root)) {
			return new UpstreamTimeout(root);
		}
		if (root instanceof AwsServiceException service) {
			return service(service);
		}
		if (isTransport(root)) {
			return new UpstreamUnavailable(UpstreamUnavailable.Reason.UNREACHABLE, null, root);
		}
		return root;
	}

	private static UpstreamFailure service(AwsServiceException failure) {
		AwsErrorDetails details = failure.awsErrorDetails();
		String code = (details != null) ? details.errorCode() : null;
		String message = (details != null) ? details.errorMessage() : null;
		if (failure.isThrottlingException()) {
			return new UpstreamThrottled(code, message, failure);
		}
		if (failure.statusCode() >= 500) {
			return new UpstreamServiceError(code, message, failure);
		}
		return new UpstreamClientError(clientErrorKind(failure), code, message, failure);
	}

	private static UpstreamClientError.Kind clientErrorKind(AwsServiceException failure) {
		if (failure instanceof TaskNotFoundException) {
			return UpstreamClientError.Kind.TASK_NOT_FOUND;
		}
		if (failure instanceof PipelineNotFoundException) {
			return UpstreamClientError.Kind.PIPELINE_NOT_FOUND;
		}
		if (failure instanceof PipelineDeletedException) {
			return UpstreamClientError.Kind.PIPELINE_DELETED;
		}
		if (failure instanceof InvalidRequestException) {
			return UpstreamClientError.Kind.INVALID_REQUEST;
		}
		return UpstreamClientError.Kind.OTHER;
	}

	/**
	 * Strips the wrappers that futures add.
	 * @param failure a failure, possibly wrapped
	 * @return the innermost failure that is not a {@link CompletionException} or
	 * {@link ExecutionException}
	 */
	static Throwable unwrap(Throwable failure) {
		Throwable current = failure;
		while ((current instanceof CompletionException || current instanceof ExecutionException)
				&& current.getCause() != null) {
			current = current.getCause();
		}
		return current;
	}

	/**
	 * Whether the upstream did not answer in time (our response timeout or the SDK's).
	 * @param failure the failure of a call
	 * @return whether it is a timeout; {@code false} for a pool acquisition timeout
	 */
	static boolean isTimeout(Throwable failure) {
		if (isPoolExhausted(failure)) {
			return false;
		}
		for (Throwable cause = unwrap(failure); cause != null; cause = cause.getCause()) {
			if (cause instanceof ApiCallTimeoutException || cause instanceof ApiCallAttemptTimeoutException
					|| cause instanceof TimeoutException || cause instanceof ReadTimeoutException
					|| cause instanceof SocketTimeoutException) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Whether the upstream throttled the call.
	 * @param failure the failure of a call
	 * @return whether it is an AWS throttling error
	 */
	static boolean isThrottling(Throwable failure) {
		return (unwrap(failure) instanceof AwsServiceException service) && service.isThrottlingException();
	}

	/**
	 * Whether the call failed without a usable upstream answer: connection, timeout, pool
	 * or an answer the SDK could not read.
	 * @param failure the failure of a call
	 * @return whether it is a transport failure
	 */
	static boolean isTransport(Throwable failure) {
		Throwable root = unwrap(failure);
		if (root instanceof AwsServiceException) {
			return false;
		}
		for (Throwable cause = root; cause != null; cause = cause.getCause()) {
			if (cause instanceof SdkClientException || cause instanceof IOException || cause instanceof ChannelException
					|| cause instanceof TimeoutException) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Whether the call never left the gateway because all upstream connections were busy.
	 * @param failure the failure of a call
	 * @return whether the connection pool was exhausted
	 */
	static boolean isPoolExhausted(Throwable failure) {
		for (Throwable cause = unwrap(failure); cause != null; cause = cause.getCause()) {
			// Reactor Netty shades reactor-pool: match the name, not the relocated type.
			String name = cause.getClass().getSimpleName();
			if (name.equals("PoolAcquireTimeoutException") || name.equals("PoolAcquirePendingLimitException")) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Whether the upstream answered with a server error (5xx), modelled or not.
	 * @param failure the failure of a call
	 * @return whether it is a 5xx answer
	 */
	static boolean isServerError(Throwable failure) {
		return (unwrap(failure) instanceof AwsServiceException service) && service.statusCode() >= 500;
	}

}
