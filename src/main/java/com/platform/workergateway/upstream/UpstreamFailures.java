package com.platform.workergateway.upstream;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

import io.netty.channel.ChannelException;
import io.netty.handler.timeout.ReadTimeoutException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Classifies the failures of {@link DataPipelineClient} calls, for the error translator
 * at the edge and for the circuit breakers.
 * <p>
 * What each failure surfaces as:
 * <table>
 * <caption>Upstream failures and their exceptions</caption>
 * <tr>
 * <th>Failure</th>
 * <th>Exception</th>
 * <th>Test</th>
 * </tr>
 * <tr>
 * <td>No answer within the response timeout</td>
 * <td>{@link SdkClientException} caused by a {@link TimeoutException} (itself caused by
 * Netty's {@link ReadTimeoutException})</td>
 * <td>{@link #isTimeout}</td>
 * </tr>
 * <tr>
 * <td>SDK backstop timeout</td>
 * <td>{@link ApiCallAttemptTimeoutException} or {@link ApiCallTimeoutException}</td>
 * <td>{@link #isTimeout}</td>
 * </tr>
 * <tr>
 * <td>Connection refused, reset, connect timeout, DNS</td>
 * <td>{@link SdkClientException} caused by an {@link IOException}
 * ({@code ConnectException}, ...)</td>
 * <td>{@link #isTransport}</td>
 * </tr>
 * <tr>
 * <td>All pooled connections busy past {@code pendingAcquireTimeout}</td>
 * <td>{@link SdkClientException} caused by Reactor Netty's
 * {@code PoolAcquireTimeoutException}</td>
 * <td>{@link #isPoolExhausted}, also {@link #isTransport}, never {@link #isTimeout}</td>
 * </tr>
 * <tr>
 * <td>{@code InternalServiceError} (500)</td>
 * <td>{@code InternalServiceErrorException}</td>
 * <td>{@link #isServerError}</td>
 * </tr>
 * <tr>
 * <td>Any other 5xx (e.g. a load balancer's 503)</td>
 * <td>{@code DataPipelineException} with that status</td>
 * <td>{@link #isServerError}</td>
 * </tr>
 * <tr>
 * <td>Throttling ({@code ThrottlingException} and the other codes the SDK knows)</td>
 * <td>{@code DataPipelineException}, {@code isThrottlingException()}</td>
 * <td>{@link #isThrottling}</td>
 * </tr>
 * <tr>
 * <td>Modelled client errors (400)</td>
 * <td>{@code InvalidRequestException}, {@code TaskNotFoundException},
 * {@code PipelineNotFoundException}, {@code PipelineDeletedException}</td>
 * <td>by type</td>
 * </tr>
 * <tr>
 * <td>Circuit breaker open</td>
 * <td>Resilience4j's {@code CallNotPermittedException}</td>
 * <td>by type</td>
 * </tr>
 * </table>
 * Timeouts are also transport failures: check {@link #isTimeout} before
 * {@link #isTransport}.
 */
public final class UpstreamFailures {

	private UpstreamFailures() {
	}

	/**
	 * Strips the wrappers that futures add.
	 * @param failure a failure, possibly wrapped
	 * @return the innermost failure that is not a {@link CompletionException} or
	 * {@link ExecutionException}
	 */
	public static Throwable unwrap(Throwable failure) {
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
	public static boolean isTimeout(Throwable failure) {
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
	public static boolean isThrottling(Throwable failure) {
		return (unwrap(failure) instanceof AwsServiceException service) && service.isThrottlingException();
	}

	/**
	 * Whether the call failed without a usable upstream answer: connection, timeout, pool
	 * or an answer the SDK could not read.
	 * @param failure the failure of a call
	 * @return whether it is a transport failure
	 */
	public static boolean isTransport(Throwable failure) {
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
	public static boolean isPoolExhausted(Throwable failure) {
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
	public static boolean isServerError(Throwable failure) {
		return (unwrap(failure) instanceof AwsServiceException service) && service.statusCode() >= 500;
	}

	/**
	 * Circuit breaker {@code recordFailurePredicate}: 5xx answers, including unmodelled
	 * ones.
	 */
	public static final class ServerError implements Predicate<Throwable> {

		@Override
		public boolean test(Throwable failure) {
			return isServerError(failure);
		}

	}

	/**
	 * Circuit breaker {@code ignoreExceptionPredicate}: throttling says the account is
	 * busy, and an exhausted pool that the gateway is busy, not that the upstream is
	 * broken; rate limits and back-off deal with those.
	 */
	public static final class IgnoredByCircuitBreaker implements Predicate<Throwable> {

		@Override
		public boolean test(Throwable failure) {
			return isThrottling(failure) || isPoolExhausted(failure);
		}

	}

}
