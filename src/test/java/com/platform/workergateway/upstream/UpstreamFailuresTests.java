package com.platform.workergateway.upstream;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;

import io.netty.handler.timeout.ReadTimeoutException;
import org.junit.jupiter.api.Test;
import reactor.netty.internal.shaded.reactor.pool.PoolAcquireTimeoutException;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.datapipeline.model.DataPipelineException;
import software.amazon.awssdk.services.datapipeline.model.InternalServiceErrorException;
import software.amazon.awssdk.services.datapipeline.model.TaskNotFoundException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Classification of upstream failures.
 */
class UpstreamFailuresTests {

	@Test
	void shouldRecogniseTimeoutsWhenWrappedOrNot() {
		TimeoutException transportTimeout = new TimeoutException("no answer");
		transportTimeout.initCause(ReadTimeoutException.INSTANCE);

		assertThat(UpstreamFailures.isTimeout(SdkClientException.create("Unable to execute", transportTimeout)))
			.isTrue();
		assertThat(UpstreamFailures.isTimeout(new CompletionException(ApiCallAttemptTimeoutException.create(100))))
			.isTrue();
		assertThat(UpstreamFailures.isTimeout(ApiCallTimeoutException.create(100))).isTrue();
		assertThat(UpstreamFailures.isTimeout(ReadTimeoutException.INSTANCE)).isTrue();
	}

	@Test
	void shouldNotTakePoolExhaustionForTimeout() {
		SdkClientException exhausted = SdkClientException.create("Unable to execute",
				new PoolAcquireTimeoutException(Duration.ofSeconds(5)));

		assertThat(UpstreamFailures.isPoolExhausted(exhausted)).isTrue();
		assertThat(UpstreamFailures.isTimeout(exhausted)).isFalse();
		assertThat(UpstreamFailures.isTransport(exhausted)).isTrue();
		assertThat(new UpstreamFailures.IgnoredByCircuitBreaker().test(exhausted)).isTrue();
	}

	@Test
	void shouldRecogniseTransportFailures() {
		assertThat(UpstreamFailures.isTransport(SdkClientException.create("x", new ConnectException("refused"))))
			.isTrue();
		assertThat(UpstreamFailures.isTransport(new IOException("reset"))).isTrue();
		assertThat(UpstreamFailures.isTransport(new IllegalStateException("bug"))).isFalse();
		assertThat(UpstreamFailures.isTransport(serviceError(500, "InternalServiceError"))).isFalse();
		assertThat(UpstreamFailures.isTimeout(SdkClientException.create("x", new ConnectException("refused"))))
			.isFalse();
	}

	@Test
	void shouldRecogniseThrottling() {
		assertThat(UpstreamFailures.isThrottling(serviceError(400, "ThrottlingException"))).isTrue();
		assertThat(UpstreamFailures.isThrottling(new CompletionException(serviceError(400, "Throttling")))).isTrue();
		assertThat(UpstreamFailures.isThrottling(serviceError(429, "Whatever"))).isTrue();
		assertThat(UpstreamFailures.isThrottling(TaskNotFoundException.builder().statusCode(400).build())).isFalse();
		assertThat(new UpstreamFailures.IgnoredByCircuitBreaker().test(serviceError(400, "ThrottlingException")))
			.isTrue();
	}

	@Test
	void shouldRecogniseServerErrorsModelledOrNot() {
		assertThat(UpstreamFailures.isServerError(InternalServiceErrorException.builder().statusCode(500).build()))
			.isTrue();
		assertThat(new UpstreamFailures.ServerError().test(serviceError(503, "ServiceUnavailable"))).isTrue();
		assertThat(UpstreamFailures.isServerError(serviceError(400, "ThrottlingException"))).isFalse();
		assertThat(UpstreamFailures.isServerError(new IOException("reset"))).isFalse();
	}

	@Test
	void shouldUnwrapFutureWrappers() {
		IOException cause = new IOException("reset");

		assertThat(UpstreamFailures.unwrap(new CompletionException(new CompletionException(cause)))).isSameAs(cause);
		assertThat(UpstreamFailures.unwrap(cause)).isSameAs(cause);
	}

	private static DataPipelineException serviceError(int status, String code) {
		return (DataPipelineException) DataPipelineException.builder()
			.statusCode(status)
			.awsErrorDetails(AwsErrorDetails.builder().errorCode(code).build())
			.build();
	}

}
