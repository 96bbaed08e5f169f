package com.platform.workergateway.emulator;

import java.time.Duration;

import com.platform.workergateway.emulator.fault.Fault;
import com.platform.workergateway.emulator.task.TaskLedgerEntry;
import com.platform.workergateway.emulator.task.TaskState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.datapipeline.DataPipelineClient;
import software.amazon.awssdk.services.datapipeline.model.DataPipelineException;
import software.amazon.awssdk.services.datapipeline.model.InternalServiceErrorException;
import software.amazon.awssdk.services.datapipeline.model.InvalidRequestException;
import software.amazon.awssdk.services.datapipeline.model.PollForTaskResponse;
import software.amazon.awssdk.services.datapipeline.model.TaskNotFoundException;
import software.amazon.awssdk.services.datapipeline.model.TaskStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The AWS SDK for Java v2, signing for real, parses the emulator's answers into its typed
 * responses and exceptions.
 */
class EmulatorSdkIntegrationTests {

	private static TestEmulator emulator;

	private static DataPipelineClient client;

	@BeforeAll
	static void start() {
		emulator = TestEmulator.start(Duration.ofMillis(300));
		client = client(AwsBasicCredentials.create(TestEmulator.CREDENTIALS.accessKeyId(),
				TestEmulator.CREDENTIALS.secretAccessKey()));
	}

	private static DataPipelineClient client(AwsBasicCredentials credentials) {
		return DataPipelineClient.builder()
			.endpointOverride(emulator.server.baseUri())
			.region(Region.US_EAST_1)
			.credentialsProvider(StaticCredentialsProvider.create(credentials))
			.httpClient(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(30)).build())
			.overrideConfiguration((config) -> config.retryStrategy(AwsRetryStrategy.doNotRetry()))
			.build();
	}

	@AfterAll
	static void stop() {
		client.close();
		emulator.close();
	}

	@BeforeEach
	void reset() {
		emulator.dataPipeline.reset();
	}

	@Test
	void shouldParseATaskThenProgressAndStatusWhenARunnerWorksThroughIt() {
		TaskLedgerEntry scheduled = emulator.dataPipeline.schedule("wg");

		PollForTaskResponse poll = client.pollForTask((request) -> request.workerGroup("wg").hostname("sdk-host"));
		var task = poll.taskObject();
		boolean canceled = client.reportTaskProgress((request) -> request.taskId(task.taskId())).canceled();
		client.setTaskStatus((request) -> request.taskId(task.taskId()).taskStatus(TaskStatus.FINISHED));

		assertThat(poll.responseMetadata().requestId()).isNotBlank();
		assertThat(task.taskId()).isEqualTo(scheduled.taskId());
		assertThat(task.pipelineId()).isEqualTo(scheduled.pipelineId());
		assertThat(task.objects().get(scheduled.attemptId()).fields())
			.anySatisfy((field) -> assertThat(field.key()).isEqualTo("type"));
		assertThat(canceled).isFalse();
		assertThat(emulator.dataPipeline.ledger(scheduled.taskId()).orElseThrow().state())
			.isEqualTo(TaskState.FINISHED);
	}

	@Test
	void shouldGiveNoTaskObjectWhenTheHoldEndsIdle() {
		assertThat(client.pollForTask((request) -> request.workerGroup("idle")).taskObject()).isNull();
	}

	@Test
	void shouldParseTerminateFromTheHeartbeat() {
		emulator.dataPipeline.terminate("runner-1");

		assertThat(client.reportTaskRunnerHeartbeat((request) -> request.taskrunnerId("runner-1")).terminate())
			.isTrue();
	}

	@Test
	void shouldRaiseTaskNotFoundWhenTheTaskIsUnknown() {
		assertThatExceptionOfType(TaskNotFoundException.class)
			.isThrownBy(() -> client.setTaskStatus((request) -> request.taskId("nope").taskStatus(TaskStatus.FAILED)))
			.satisfies((ex) -> {
				assertThat(ex.statusCode()).isEqualTo(400);
				assertThat(ex.requestId()).isNotBlank();
			});
	}

	@Test
	void shouldRaiseInvalidSignatureWhenTheClientSignsWithAnotherSecret() {
		TaskLedgerEntry scheduled = emulator.dataPipeline.schedule("wg");
		try (DataPipelineClient wrongSecret = client(AwsBasicCredentials.create(TestEmulator.CREDENTIALS.accessKeyId(),
				TestEmulator.CREDENTIALS.secretAccessKey() + "-not"))) {

			assertThatExceptionOfType(DataPipelineException.class)
				.isThrownBy(() -> wrongSecret.pollForTask((request) -> request.workerGroup("wg")))
				.satisfies((ex) -> {
					assertThat(ex.statusCode()).isEqualTo(400);
					assertThat(ex.awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException");
				});
		}
		assertThat(emulator.dataPipeline.ledger(scheduled.taskId()).orElseThrow().state()).isEqualTo(TaskState.QUEUED);
	}

	@Test
	void shouldRaiseInvalidRequestWhenARequiredMemberIsMissing() {
		assertThatExceptionOfType(InvalidRequestException.class).isThrownBy(() -> client.pollForTask((request) -> {
		})).withMessageContaining("'workerGroup'");
	}

	@Test
	void shouldRaiseInternalServiceErrorWhenInjected() {
		emulator.dataPipeline.addFault(Fault.error("*", "InternalServiceError"));

		assertThatExceptionOfType(InternalServiceErrorException.class)
			.isThrownBy(() -> client.reportTaskRunnerHeartbeat((request) -> request.taskrunnerId("r")))
			.satisfies((ex) -> assertThat(ex.statusCode()).isEqualTo(500));
	}

	@Test
	void shouldRaiseAThrottlingErrorWhenThrottled() {
		emulator.dataPipeline.addFault(Fault.error("PollForTask", "ThrottlingException"));

		assertThatExceptionOfType(DataPipelineException.class)
			.isThrownBy(() -> client.pollForTask((request) -> request.workerGroup("wg")))
			.satisfies((ex) -> assertThat(ex.isThrottlingException()).isTrue());
	}

}
