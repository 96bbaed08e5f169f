package com.platform.workergateway.emulator;

import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.platform.workergateway.emulator.task.TaskLedgerEntry;
import com.platform.workergateway.emulator.task.TaskState;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The AWS JSON 1.1 endpoint over real sockets, as a raw-HTTP task runner sees it.
 */
class AwsJsonEndpointIntegrationTests {

	private static TestEmulator emulator;

	private static EmulatorHttp http;

	private static EmulatorDataPipeline dataPipeline;

	@BeforeAll
	static void start() {
		emulator = TestEmulator.start(Duration.ofSeconds(20));
		http = emulator.http;
		dataPipeline = emulator.dataPipeline;
	}

	@AfterAll
	static void stop() {
		emulator.close();
	}

	@BeforeEach
	void reset() {
		dataPipeline.reset();
	}

	@ParameterizedTest(name = "[{index}] {0}")
	@CsvSource(delimiter = '|', nullValues = "NONE",
			textBlock = """
					NONE | MissingAuthenticationTokenException | Missing Authentication Token
					Bearer abc | IncompleteSignatureException | AWS4-HMAC-SHA256
					AWS4-HMAC-SHA256 Credential=AKID/20261128/us-east-1/datapipeline/aws4_request, SignedHeaders=host | IncompleteSignatureException | requires 'Signature' parameter
					AWS4-HMAC-SHA256 Credential=AKID/20261128/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=abc | InvalidSignatureException | Credential should be scoped to correct service: 'datapipeline'.
					AWS4-HMAC-SHA256 Credential=AKID/20261128/us-east-1/datapipeline/aws5_request, SignedHeaders=host, Signature=abc | IncompleteSignatureException | valid terminator
					AWS4-HMAC-SHA256 Credential=AKID/us-east-1/datapipeline/aws4_request, SignedHeaders=host, Signature=abc | IncompleteSignatureException | Credential must have the form
					""")
	void shouldRefuseTheCallWhenTheAuthorizationIsMissingOrMalformed(@Nullable String authorization, String type,
			String message) {
		String taskId = dataPipeline.schedule("wg").taskId();
		HttpRequest.Builder request = http.awsRequest("DataPipeline.PollForTask", "{\"workerGroup\":\"wg\"}");
		if (authorization != null) {
			request.header("Authorization", authorization);
		}

		HttpResponse<String> response = http.send(request.build());

		assertError(response, 400, type, message);
		assertThat(dataPipeline.calls().count("PollForTask", "rejected-auth")).isOne();
		assertThat(dataPipeline.ledger(taskId).orElseThrow().state()).isEqualTo(TaskState.QUEUED);
	}

	@Test
	void shouldRefuseTheCallWhenNoDateHeaderComesWithTheSignature() {
		HttpRequest request = HttpRequest.newBuilder(emulator.server.baseUri())
			.header("X-Amz-Target", "DataPipeline.ReportTaskRunnerHeartbeat")
			.header("Authorization", EmulatorHttp.AUTHORIZATION)
			.POST(HttpRequest.BodyPublishers.ofString("{\"taskrunnerId\":\"r\"}"))
			.build();

		assertError(http.send(request), 400, "IncompleteSignatureException", "'X-Amz-Date' or a 'Date' header");
	}

	@Test
	void shouldRefuseTheCallWhenTheSignatureIsWrong() {
		String taskId = dataPipeline.schedule("wg").taskId();
		HttpRequest.Builder request = http.awsRequest("DataPipeline.PollForTask", "{\"workerGroup\":\"wg\"}");
		String authorization = http.authorization(request.build(), "{\"workerGroup\":\"wg\"}");
		String wrong = authorization.substring(0, authorization.length() - 1)
				+ (authorization.endsWith("0") ? "1" : "0");

		HttpResponse<String> response = http.send(request.header("Authorization", wrong).build());

		assertError(response, 400, "InvalidSignatureException",
				"The request signature we calculated does not match the signature you provided.");
		assertThat(dataPipeline.calls().count("PollForTask", "rejected-auth")).isOne();
		assertThat(dataPipeline.ledger(taskId).orElseThrow().state()).isEqualTo(TaskState.QUEUED);
	}

	@Test
	void shouldRefuseTheCallWhenTheBodyChangedAfterSigning() {
		String taskId = dataPipeline.schedule("wg").taskId();
		HttpRequest.Builder request = http.awsRequest("DataPipeline.PollForTask", "{\"workerGroup\":\"wg\"}");
		String signedForOtherBody = http.authorization(request.build(), "{\"workerGroup\":\"wg-other\"}");

		HttpResponse<String> response = http.send(request.header("Authorization", signedForOtherBody).build());

		assertError(response, 400, "InvalidSignatureException", "does not match");
		assertThat(dataPipeline.ledger(taskId).orElseThrow().state()).isEqualTo(TaskState.QUEUED);
	}

	@Test
	void shouldRefuseTheCallWhenTheAccessKeyIsUnknown() {
		HttpRequest.Builder request = http.awsRequest("DataPipeline.PollForTask", "{\"workerGroup\":\"wg\"}");

		HttpResponse<String> response = http.send(request.header("Authorization", EmulatorHttp.AUTHORIZATION).build());

		assertError(response, 400, "UnrecognizedClientException",
				"The security token included in the request is invalid.");
		assertThat(dataPipeline.calls().count("PollForTask", "rejected-auth")).isOne();
	}

	@Test
	void shouldRefuseTheCallWhenTheSignatureIsOlderThanTheAllowedSkew() {
		String body = "{\"workerGroup\":\"wg\"}";
		HttpRequest.Builder request = HttpRequest.newBuilder(emulator.server.baseUri())
			.header("Content-Type", "application/x-amz-json-1.1")
			.header("X-Amz-Date", "20261128T205516Z")
			.header("X-Amz-Target", "DataPipeline.PollForTask")
			.POST(HttpRequest.BodyPublishers.ofString(body));

		HttpResponse<String> response = http
			.send(request.header("Authorization", http.authorization(request.build(), body)).build());

		assertError(response, 400, "InvalidSignatureException", "Signature expired: 20261128T205516Z is now earlier");
	}

	@ParameterizedTest
	@CsvSource({ "DataPipeline.ListPipelines, ListPipelines", "DataPipeline_20121129.PollForTask, unknown" })
	void shouldAnswerUnknownOperationWhenTheTargetIsNotServed(String target, String countedAs) {
		HttpRequest.Builder request = http.awsRequest(target, "{}");
		HttpResponse<String> response = http
			.send(request.header("Authorization", http.authorization(request.build(), "{}")).build());

		assertError(response, 400, "UnknownOperationException", target);
		assertThat(dataPipeline.calls().count(countedAs, "UnknownOperationException")).isOne();
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "{\"workerGroup\": | Unexpected end-of-input", "[] | JSON object",
			"nonsense | Unrecognized token" })
	void shouldAnswerSerializationExceptionWhenTheBodyIsNotAJsonObject(String body, String message) {
		assertError(http.aws("PollForTask", body), 400, "SerializationException", message);
	}

	@Test
	void shouldAnswerSerializationExceptionWhenTheBodyIsTooLarge() {
		String body = "{\"taskId\":\"t\",\"taskStatus\":\"FAILED\",\"errorMessage\":\"" + "m".repeat(300_000) + "\"}";

		assertError(http.aws("SetTaskStatus", body), 400, "SerializationException", "too large");
	}

	@Test
	void shouldAnswerInvalidRequestNamingTheMemberWhenInputBreaksTheModel() {
		assertError(http.aws("SetTaskStatus", "{\"taskId\":\"t\",\"taskStatus\":\"DONE\"}"), 400,
				"InvalidRequestException", "at 'taskStatus' failed to satisfy constraint");
		assertError(http.aws("PollForTask", "{}"), 400, "InvalidRequestException",
				"Value null at 'workerGroup' failed to satisfy constraint: Member must not be null");
	}

	@Test
	void shouldCarryTheTaskThroughItsLifeWhenARunnerPollsReportsAndFinishes() {
		TaskLedgerEntry scheduled = dataPipeline.schedule("wg");

		HttpResponse<String> poll = http.aws("PollForTask", "{\"workerGroup\":\"wg\",\"hostname\":\"runner-1\"}");
		assertThat(poll.statusCode()).isEqualTo(200);
		assertThat(poll.headers().firstValue("Content-Type")).hasValue("application/x-amz-json-1.1");
		assertThat(poll.headers().firstValue("x-amzn-RequestId")).isPresent();
		JsonNode task = EmulatorHttp.json(poll).get("taskObject");
		assertThat(task.get("taskId").stringValue()).isEqualTo(scheduled.taskId());
		assertThat(task.get("pipelineId").stringValue()).isEqualTo(scheduled.pipelineId());
		assertThat(task.get("attemptId").stringValue()).isEqualTo(scheduled.attemptId());
		JsonNode object = task.get("objects").get(scheduled.attemptId());
		assertThat(object.get("id").stringValue()).isEqualTo(scheduled.attemptId());
		assertThat(object.get("name").stringValue()).isEqualTo(scheduled.attemptId());
		assertThat(object.get("fields").get(0).propertyNames()).containsExactly("key", "stringValue");
		String taskId = task.get("taskId").stringValue();

		HttpResponse<String> progress = http.aws("ReportTaskProgress",
				"{\"taskId\":\"" + taskId + "\",\"fields\":[{\"key\":\"percentComplete\",\"stringValue\":\"50\"}]}");
		assertThat(progress.statusCode()).isEqualTo(200);
		assertThat(progress.body()).isEqualTo("{\"canceled\":false}");

		HttpResponse<String> status = http.aws("SetTaskStatus", "{\"taskId\":\"" + taskId
				+ "\",\"taskStatus\":\"FAILED\",\"errorId\":\"E42\",\"errorMessage\":\"boom\"}");
		assertThat(status.statusCode()).isEqualTo(200);
		assertThat(status.body()).isEqualTo("{}");

		TaskLedgerEntry entry = dataPipeline.ledger(taskId).orElseThrow();
		assertThat(entry.state()).isEqualTo(TaskState.FAILED);
		assertThat(entry.errorId()).isEqualTo("E42");
		assertThat(entry.lastAssignment().hostname()).isEqualTo("runner-1");
		assertThat(entry.lastAssignment().acknowledgedAt()).isNotNull();
		assertError(http.aws("SetTaskStatus", "{\"taskId\":\"" + taskId + "\",\"taskStatus\":\"FINISHED\"}"), 400,
				"TaskNotFoundException", "not found");
		assertThat(dataPipeline.calls().count("PollForTask", "ok")).isOne();
		assertThat(dataPipeline.calls().count("SetTaskStatus", "TaskNotFoundException")).isOne();
	}

	@Test
	void shouldAnswerTaskNotFoundWhenTheTaskIsUnknownOrStillQueued() {
		String queued = dataPipeline.schedule("wg").taskId();

		assertError(http.aws("ReportTaskProgress", "{\"taskId\":\"nope\"}"), 400, "TaskNotFoundException", "not found");
		assertError(http.aws("ReportTaskProgress", "{\"taskId\":\"" + queued + "\"}"), 400, "TaskNotFoundException",
				"queued");
	}

	@Test
	void shouldAnswerTheHeldPollAsSoonAsATaskIsScheduled() throws Exception {
		CompletableFuture<HttpResponse<String>> poll = http.awsAsync("PollForTask", "{\"workerGroup\":\"wg\"}");
		await().atMost(Duration.ofSeconds(5)).until(() -> dataPipeline.waitingPolls("wg") == 1);

		long scheduledAt = System.nanoTime();
		String taskId = dataPipeline.schedule("wg").taskId();
		HttpResponse<String> response = poll.get(5, TimeUnit.SECONDS);

		assertThat(Duration.ofNanos(System.nanoTime() - scheduledAt)).isLessThan(Duration.ofSeconds(5));
		assertThat(EmulatorHttp.json(response).get("taskObject").get("taskId").stringValue()).isEqualTo(taskId);
	}

	@Test
	void shouldAnswerEmptyObjectWhenTheHoldEndsWithoutATask() {
		try (TestEmulator shortHold = TestEmulator.start(Duration.ofMillis(300))) {
			long start = System.nanoTime();

			HttpResponse<String> response = shortHold.http.aws("PollForTask", "{\"workerGroup\":\"wg\"}");

			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.body()).isEqualTo("{}");
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
		}
	}

	@Test
	void shouldWithdrawThePollWhenTheClientDisconnectsBeforeATask() throws Exception {
		String body = "{\"workerGroup\":\"wg\"}";
		String amzDate = EmulatorHttp.amzDate();
		String authorization = EmulatorHttp
			.authorization(
					TestEmulator.CREDENTIALS, "localhost", Map.of("X-Amz-Target", List.of("DataPipeline.PollForTask"),
							"X-Amz-Date", List.of(amzDate), "Content-Type", List.of("application/x-amz-json-1.1")),
					body);
		try (Socket socket = new Socket("localhost", emulator.server.port())) {
			OutputStream out = socket.getOutputStream();
			out.write(("POST / HTTP/1.1\r\nHost: localhost\r\nX-Amz-Target: DataPipeline.PollForTask\r\n"
					+ "X-Amz-Date: " + amzDate + "\r\nAuthorization: " + authorization + "\r\n"
					+ "Content-Type: application/x-amz-json-1.1\r\nContent-Length: " + body.length() + "\r\n\r\n"
					+ body)
				.getBytes(StandardCharsets.UTF_8));
			out.flush();
			await().atMost(Duration.ofSeconds(5)).until(() -> dataPipeline.waitingPolls("wg") == 1);
		}

		await().atMost(Duration.ofSeconds(5)).until(() -> dataPipeline.waitingPolls("wg") == 0);
		String taskId = dataPipeline.schedule("wg").taskId();

		assertThat(dataPipeline.ledger(taskId).orElseThrow().state()).isEqualTo(TaskState.QUEUED);
		await().atMost(Duration.ofSeconds(5)).until(() -> dataPipeline.calls().count("PollForTask", "cancelled") == 1);
	}

	@Test
	void shouldAnswerCanceledAndEndTheTaskWhenCanceledThroughTheAdminApi() {
		String taskId = dataPipeline.schedule("wg").taskId();
		http.aws("PollForTask", "{\"workerGroup\":\"wg\"}");

		dataPipeline.cancel(taskId);
		HttpResponse<String> progress = http.aws("ReportTaskProgress", "{\"taskId\":\"" + taskId + "\"}");

		assertThat(progress.body()).isEqualTo("{\"canceled\":true}");
		assertThat(dataPipeline.ledger(taskId).orElseThrow().state()).isEqualTo(TaskState.CANCELED);
	}

	@Test
	void shouldAnswerTerminateWhenTheRunnerWasAskedToStop() {
		String heartbeat = "{\"taskrunnerId\":\"1234567890\",\"workerGroup\":\"wg-12345\",\"hostname\":\"example.com\"}";

		assertThat(http.aws("ReportTaskRunnerHeartbeat", heartbeat).body()).isEqualTo("{\"terminate\":false}");
		dataPipeline.terminate("1234567890");

		assertThat(http.aws("ReportTaskRunnerHeartbeat", heartbeat).body()).isEqualTo("{\"terminate\":true}");
		assertThat(dataPipeline.runners()).singleElement().satisfies((runner) -> {
			assertThat(runner.heartbeats()).isEqualTo(2);
			assertThat(runner.lastWorkerGroup()).isEqualTo("wg-12345");
			assertThat(runner.lastHostname()).isEqualTo("example.com");
		});
	}

	@Test
	void shouldAnswerNotFoundWithARequestIdWhenThePathIsUnknown() {
		HttpResponse<String> response = http.admin("GET", "/nothing-here", null);

		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.headers().firstValue("x-amzn-RequestId")).isPresent();
	}

	static void assertError(HttpResponse<String> response, int status, String type, String messagePart) {
		assertThat(response.statusCode()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/x-amz-json-1.1");
		assertThat(response.headers().firstValue("x-amzn-RequestId")).isPresent();
		JsonNode body = EmulatorHttp.json(response);
		assertThat(body.propertyNames()).containsExactly("__type", "message");
		assertThat(body.get("__type").stringValue()).isEqualTo(type);
		assertThat(body.get("message").stringValue()).contains(messagePart);
	}

}
