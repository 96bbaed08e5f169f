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
import software.amazon.awssdk.services.datapipeline.model.InvalidRequestException;
import software.amazon.awssdk.services.datapipeline.model.PipelineDeletedException;
import software.amazon.awssdk.services.datapipeline.model.PipelineNotFoundException;
import software.amazon.awssdk.services.datapipeline.model.TaskNotFoundException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Translation of SDK and transport failures into the port's failures, and what the
 * circuit breakers make of those.
 */
class AwsFailuresTests {

	private final CircuitBreakerFailures.Recorded recorded = new CircuitBreakerFailures.Recorded();

	private final CircuitBreakerFailures.Ignored ignored = new CircuitBreakerFailures.Ignored();

	@Test
	void shouldTranslateTimeoutsWhenWrappedOrNot() {
		TimeoutException transportTimeout = new TimeoutException("no answer");
		transportTimeout.initCause(ReadTimeoutException.INSTANCE);

		assertThat(AwsFailures.translate(SdkClientException.create("Unable to execute", transportTimeout)))
			.isInstanceOf(UpstreamTimeout.class);
		assertThat(AwsFailures.translate(new CompletionException(ApiCallAttemptTimeoutException.create(100))))
			.isInstanceOf(UpstreamTimeout.class);
		assertThat(AwsFailures.translate(ApiCallTimeoutException.create(100))).isInstanceOf(UpstreamTimeout.class);
		assertThat(AwsFailures.translate(ReadTimeoutException.INSTANCE)).isInstanceOf(UpstreamTimeout.class);
		assertThat(this.recorded.test(AwsFailures.translate(ApiCallTimeoutException.create(100)))).isTrue();
	}

	@Test
	void shouldNotTakePoolExhaustionForTimeout() {
		SdkClientException exhausted = SdkClientException.create("Unable to execute",
				new PoolAcquireTimeoutException(Duration.ofSeconds(5)));

		Throwable failure = AwsFailures.translate(exhausted);

		assertThat(failure).isInstanceOfSatisfying(UpstreamUnavailable.class,
				(unavailable) -> assertThat(unavailable.reason()).isEqualTo(UpstreamUnavailable.Reason.POOL_EXHAUSTED));
		assertThat(failure.getCause()).isSameAs(exhausted);
		assertThat(this.ignored.test(failure)).isTrue();
		assertThat(this.recorded.test(failure)).isFalse();
	}

	@Test
	void shouldTranslateTransportFailuresToUnreachable() {
		Throwable refused = AwsFailures.translate(SdkClientException.create("x", new ConnectException("refused")));
		Throwable reset = AwsFailures.translate(new IOException("reset"));

		assertThat(refused).isInstanceOfSatisfying(UpstreamUnavailable.class,
				(unavailable) -> assertThat(unavailable.reason()).isEqualTo(UpstreamUnavailable.Reason.UNREACHABLE));
		assertThat(reset).isInstanceOf(UpstreamUnavailable.class);
		assertThat(this.recorded.test(refused)).isTrue();
	}

	@Test
	void shouldPassOnWhatIsNoUpstreamFailure() {
		IllegalStateException bug = new IllegalStateException("bug");

		assertThat(AwsFailures.translate(new CompletionException(bug))).isSameAs(bug);
	}

	@Test
	void shouldTranslateThrottling() {
		assertThat(AwsFailures.translate(serviceError(400, "ThrottlingException"))).isInstanceOfSatisfying(
				UpstreamThrottled.class,
				(throttled) -> assertThat(throttled.errorCode()).isEqualTo("ThrottlingException"));
		assertThat(AwsFailures.translate(new CompletionException(serviceError(400, "Throttling"))))
			.isInstanceOf(UpstreamThrottled.class);
		assertThat(AwsFailures.translate(serviceError(429, "Whatever"))).isInstanceOf(UpstreamThrottled.class);
		assertThat(this.ignored.test(AwsFailures.translate(serviceError(400, "ThrottlingException")))).isTrue();
	}

	@Test
	void shouldTranslateServerErrorsModelledOrNot() {
		Throwable modelled = AwsFailures.translate(InternalServiceErrorException.builder()
			.statusCode(500)
			.awsErrorDetails(
					AwsErrorDetails.builder().errorCode("InternalServiceError").errorMessage("try later").build())
			.build());
		Throwable unmodelled = AwsFailures.translate(serviceError(503, "ServiceUnavailable"));

		assertThat(modelled).isInstanceOfSatisfying(UpstreamServiceError.class, (error) -> {
			assertThat(error.errorCode()).isEqualTo("InternalServiceError");
			assertThat(error.upstreamMessage()).isEqualTo("try later");
		});
		assertThat(unmodelled).isInstanceOf(UpstreamServiceError.class);
		assertThat(this.recorded.test(modelled)).isTrue();
		assertThat(this.recorded.test(unmodelled)).isTrue();
	}

	@Test
	void shouldTranslateClientErrorsByKind() {
		assertThat(kind(TaskNotFoundException.builder().statusCode(400).build()))
			.isEqualTo(UpstreamClientError.Kind.TASK_NOT_FOUND);
		assertThat(kind(PipelineNotFoundException.builder().statusCode(400).build()))
			.isEqualTo(UpstreamClientError.Kind.PIPELINE_NOT_FOUND);
		assertThat(kind(PipelineDeletedException.builder().statusCode(400).build()))
			.isEqualTo(UpstreamClientError.Kind.PIPELINE_DELETED);
		assertThat(kind(InvalidRequestException.builder().statusCode(400).build()))
			.isEqualTo(UpstreamClientError.Kind.INVALID_REQUEST);
		assertThat(kind(serviceError(403, "AccessDeniedException"))).isEqualTo(UpstreamClientError.Kind.OTHER);
		Throwable failure = AwsFailures.translate(TaskNotFoundException.builder().statusCode(400).build());
		assertThat(this.ignored.test(failure)).isTrue();
		assertThat(this.recorded.test(failure)).isFalse();
	}

	@Test
	void shouldUnwrapFutureWrappers() {
		IOException cause = new IOException("reset");

		assertThat(AwsFailures.unwrap(new CompletionException(new CompletionException(cause)))).isSameAs(cause);
		assertThat(AwsFailures.unwrap(cause)).isSameAs(cause);
	}

	private static UpstreamClientError.Kind kind(Throwable failure) {
		return ((UpstreamClientError) AwsFailures.translate(failure)).kind();
	}

	private static DataPipelineException serviceError(int status, String code) {
		return (DataPipelineException) DataPipelineException.builder()
			.statusCode(status)
			.awsErrorDetails(AwsErrorDetails.builder().errorCode(code).build())
			.build();
	}

}
