package com.platform.workergateway.emulator;

import java.net.http.HttpResponse;
import java.time.Duration;

import com.platform.workergateway.emulator.task.TaskState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin API under {@code /emulator} over real sockets.
 */
class AdminApiIntegrationTests {

	private static TestEmulator emulator;

	private static EmulatorHttp http;

	@BeforeAll
	static void start() {
		emulator = TestEmulator.start(Duration.ofSeconds(20));
		http = emulator.http;
	}

	@AfterAll
	static void stop() {
		emulator.close();
	}

	@BeforeEach
	void reset() {
		assertThat(http.admin("POST", "/emulator/reset", null).statusCode()).isEqualTo(204);
	}

	@Test
	void shouldScheduleADefaultTaskAndShowItsLedgerWhenOnlyAWorkerGroupIsGiven() {
		HttpResponse<String> created = http.admin("POST", "/emulator/tasks", "{\"workerGroup\":\"wg\"}");

		assertThat(created.statusCode()).isEqualTo(201);
		assertThat(created.headers().firstValue("Content-Type")).hasValue("application/json");
		JsonNode entry = EmulatorHttp.json(created);
		String taskId = entry.get("taskId").stringValue();
		assertThat(created.headers().firstValue("Location")).hasValue("/emulator/tasks/" + taskId);
		assertThat(entry.propertyNames()).containsExactly("taskId", "workerGroup", "pipelineId", "attemptId", "state",
				"createdAt", "assignments", "progressReports", "lastProgressFields", "finalStatus", "endedAt",
				"errorId", "errorMessage", "errorStackTrace", "cancelRequested", "objects");
		assertThat(entry.get("state").stringValue()).isEqualTo("QUEUED");
		assertThat(entry.get("pipelineId").stringValue()).startsWith("df-");
		assertThat(entry.get("attemptId").stringValue()).startsWith("@SayHello_").endsWith("_Attempt=1");
		assertThat(entry.get("createdAt").stringValue()).endsWith("Z");
		assertThat(entry.get("assignments").isEmpty()).isTrue();
		assertThat(entry.get("cancelRequested").booleanValue()).isFalse();
		assertThat(entry.has("finalStatus")).isTrue();
		JsonNode fetched = EmulatorHttp.json(http.admin("GET", "/emulator/tasks/" + taskId, null));
		assertThat(fetched.get("taskId").stringValue()).isEqualTo(taskId);
		assertThat(EmulatorHttp.json(http.admin("GET", "/emulator/tasks", null)).size()).isOne();
	}

	@Test
	void shouldHandOutTheGivenObjectsWhenTheyAreScheduled() {
		String body = """
				{"workerGroup": "wg", "pipelineId": "df-EXAMPLE", "objects": {"MyActivity": {"id": "MyActivity",
				 "name": "My activity", "fields": [{"key": "type", "stringValue": "ShellCommandActivity"},
				 {"key": "input", "refValue": "MyS3Input"}]}}}
				""";
		http.admin("POST", "/emulator/tasks", body);

		JsonNode task = EmulatorHttp.json(http.aws("PollForTask", "{\"workerGroup\":\"wg\"}")).get("taskObject");

		assertThat(task.get("pipelineId").stringValue()).isEqualTo("df-EXAMPLE");
		assertThat(task.get("attemptId").stringValue()).isEqualTo("MyActivity");
		assertThat(task.get("objects").get("MyActivity").get("fields").get(1).toString())
			.isEqualTo("{\"key\":\"input\",\"refValue\":\"MyS3Input\"}");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "{} | Value null at 'workerGroup'", "{\"workerGroup\": | Malformed JSON",
			"{\"workerGroup\":\"wg\",\"objects\":{\"a\":{\"id\":\"a\",\"name\":\"a\"}}} | at 'objects.a.fields'",
			"{\"workerGroup\":\"wg\",\"objects\":{\"a\":{\"id\":\"a\",\"name\":\"a\",\"fields\":[{}]}}} | at 'objects.a.fields.1.member.key'" })
	void shouldAnswerBadRequestWhenTheTaskIsInvalid(String body, String message) {
		HttpResponse<String> response = http.admin("POST", "/emulator/tasks", body);

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(EmulatorHttp.json(response).get("message").stringValue()).contains(message);
	}

	@Test
	void shouldAnswerNotFoundWhenTheTaskIsUnknown() {
		assertThat(http.admin("GET", "/emulator/tasks/nope", null).statusCode()).isEqualTo(404);
		assertThat(http.admin("POST", "/emulator/tasks/nope/cancel", null).statusCode()).isEqualTo(404);
	}

	@Test
	void shouldCancelAQueuedTaskAndRefuseASecondCancel() {
		String taskId = emulator.dataPipeline.schedule("wg").taskId();

		HttpResponse<String> canceled = http.admin("POST", "/emulator/tasks/" + taskId + "/cancel", null);

		assertThat(canceled.statusCode()).isEqualTo(200);
		assertThat(EmulatorHttp.json(canceled).get("state").stringValue()).isEqualTo("CANCELED");
		assertThat(http.admin("POST", "/emulator/tasks/" + taskId + "/cancel", null).statusCode()).isEqualTo(409);
	}

	@Test
	void shouldShowAssignmentsAndProgressInTheLedger() {
		String taskId = emulator.dataPipeline.schedule("wg").taskId();
		http.aws("PollForTask", "{\"workerGroup\":\"wg\",\"hostname\":\"h1\"}");
		http.aws("ReportTaskProgress", "{\"taskId\":\"" + taskId + "\"}");

		JsonNode entry = EmulatorHttp.json(http.admin("GET", "/emulator/tasks/" + taskId, null));

		assertThat(entry.get("state").stringValue()).isEqualTo(TaskState.ACKNOWLEDGED.name());
		assertThat(entry.get("progressReports").intValue()).isOne();
		JsonNode assignment = entry.get("assignments").get(0);
		assertThat(assignment.get("attempt").intValue()).isOne();
		assertThat(assignment.get("hostname").stringValue()).isEqualTo("h1");
		assertThat(assignment.get("acknowledgedAt").isString()).isTrue();
		assertThat(assignment.get("reassignedAt").isNull()).isTrue();
		assertThat(assignment.propertyNames()).containsExactly("attempt", "assignedAt", "hostname", "acknowledgedAt",
				"reassignedAt", "reason");
	}

	@Test
	void shouldTerminateARunnerAndListRunners() {
		HttpResponse<String> terminated = http.admin("POST", "/emulator/runners/runner-7/terminate", null);
		http.aws("ReportTaskRunnerHeartbeat", "{\"taskrunnerId\":\"runner-7\",\"workerGroup\":\"wg\"}");

		assertThat(terminated.statusCode()).isEqualTo(200);
		JsonNode runner = EmulatorHttp.json(http.admin("GET", "/emulator/runners", null)).get(0);
		assertThat(runner.get("taskrunnerId").stringValue()).isEqualTo("runner-7");
		assertThat(runner.get("heartbeats").intValue()).isOne();
		assertThat(runner.get("lastWorkerGroup").stringValue()).isEqualTo("wg");
		assertThat(runner.get("terminateRequested").booleanValue()).isTrue();
	}

	@Test
	void shouldAddListAndClearFaults() {
		HttpResponse<String> added = http.admin("POST", "/emulator/faults",
				"{\"operation\":\"*\",\"error\":\"InternalServiceError\",\"rate\":0.5,\"latency\":\"PT0.2S\"}");

		assertThat(added.statusCode()).isEqualTo(201);
		JsonNode fault = EmulatorHttp.json(added);
		assertThat(fault.get("id").stringValue()).isNotEmpty();
		assertThat(fault.get("latency").stringValue()).isEqualTo("PT0.2S");
		assertThat(EmulatorHttp.json(http.admin("GET", "/emulator/faults", null)).size()).isOne();
		assertThat(http.admin("DELETE", "/emulator/faults", null).statusCode()).isEqualTo(204);
		assertThat(EmulatorHttp.json(http.admin("GET", "/emulator/faults", null)).isEmpty()).isTrue();
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			value = { "{\"operation\":\"ListPipelines\",\"hang\":true} | enum value set",
					"{\"operation\":\"*\",\"rate\":2,\"hang\":true} | from 0 to 1",
					"{\"operation\":\"*\",\"latency\":\"2s\"} | ISO-8601",
					"{\"operation\":\"*\",\"error\":\"a#b\"} | bare error name",
					"{\"operation\":\"*\"} | needs an error, a latency or hang",
					"{\"operation\":\"*\",\"hang\":\"yes\"} | boolean" })
	void shouldAnswerBadRequestWhenTheFaultIsInvalid(String body, String message) {
		HttpResponse<String> response = http.admin("POST", "/emulator/faults", body);

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(EmulatorHttp.json(response).get("message").stringValue()).contains(message);
	}

	@Test
	void shouldCountCallsPerOperationAndOutcome() {
		http.aws("ReportTaskRunnerHeartbeat", "{\"taskrunnerId\":\"r\"}");
		http.aws("ReportTaskProgress", "{\"taskId\":\"nope\"}");

		JsonNode calls = EmulatorHttp.json(http.admin("GET", "/emulator/calls", null));

		assertThat(calls.toString()).isEqualTo("{\"ReportTaskProgress\":{\"TaskNotFoundException\":1,\"received\":1},"
				+ "\"ReportTaskRunnerHeartbeat\":{\"ok\":1,\"received\":1}}");
		assertThat(emulator.dataPipeline.calls().received("PollForTask")).isZero();
		assertThat(emulator.dataPipeline.calls().received()).isEqualTo(2);
	}

	@Test
	void shouldForgetEverythingWhenReset() {
		emulator.dataPipeline.schedule("wg");
		http.aws("ReportTaskRunnerHeartbeat", "{\"taskrunnerId\":\"r\"}");
		http.admin("POST", "/emulator/faults", "{\"operation\":\"*\",\"latency\":1}");

		http.admin("POST", "/emulator/reset", null);

		assertThat(emulator.dataPipeline.ledger()).isEmpty();
		assertThat(emulator.dataPipeline.runners()).isEmpty();
		assertThat(emulator.dataPipeline.faults()).isEmpty();
		assertThat(emulator.dataPipeline.calls().received()).isZero();
	}

}
