package com.platform.workergateway.emulator.wire;

import java.util.function.Function;
import java.util.stream.Stream;

import com.platform.workergateway.emulator.validation.MalformedInputException;
import com.platform.workergateway.emulator.validation.ValidationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Every constraint of the four operations' input, one row per case.
 */
class OperationInputTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String TASK_ID = "t".repeat(2048);

	static Stream<Arguments> invalidInputs() {
		return Stream.of(
				// PollForTask
				row("PollForTask", "{}",
						"Value null at 'workerGroup' failed to satisfy constraint: Member must not be null"),
				row("PollForTask", "{\"workerGroup\":5}",
						"at 'workerGroup' failed to satisfy constraint: Member must be a string"),
				row("PollForTask", "{\"workerGroup\":\"" + "w".repeat(1025) + "\"}",
						"Value of length 1025 at 'workerGroup' failed to satisfy constraint: Member must have length less than or equal to 1024"),
				row("PollForTask", "{\"workerGroup\":\"a\\u0007b\"}",
						"Value with disallowed character U+0007 at 'workerGroup' failed to satisfy constraint: Member must satisfy regular expression pattern"),
				row("PollForTask", "{\"workerGroup\":\"wg\",\"hostname\":\"\"}",
						"Value '' at 'hostname' failed to satisfy constraint: Member must have length greater than or equal to 1"),
				row("PollForTask", "{\"workerGroup\":\"wg\",\"instanceIdentity\":\"doc\"}",
						"at 'instanceIdentity' failed to satisfy constraint: Member must be a structure"),
				row("PollForTask",
						"{\"workerGroup\":\"wg\",\"instanceIdentity\":{\"document\":\"" + "d".repeat(1025) + "\"}}",
						"at 'instanceIdentity.document' failed to satisfy constraint: Member must have length less than or equal to 1024"),
				// ReportTaskProgress
				row("ReportTaskProgress", "{}",
						"Value null at 'taskId' failed to satisfy constraint: Member must not be null"),
				row("ReportTaskProgress", "{\"taskId\":\"\"}",
						"at 'taskId' failed to satisfy constraint: Member must have length greater than or equal to 1"),
				row("ReportTaskProgress", "{\"taskId\":\"" + TASK_ID + "x\"}",
						"Value of length 2049 at 'taskId' failed to satisfy constraint: Member must have length less than or equal to 2048"),
				row("ReportTaskProgress", "{\"taskId\":\"t\",\"fields\":{}}",
						"at 'fields' failed to satisfy constraint: Member must be a list"),
				row("ReportTaskProgress", "{\"taskId\":\"t\",\"fields\":[{\"stringValue\":\"50\"}]}",
						"Value null at 'fields.1.member.key' failed to satisfy constraint: Member must not be null"),
				row("ReportTaskProgress",
						"{\"taskId\":\"t\",\"fields\":[{\"key\":\"k\"},{\"key\":\"" + "k".repeat(257) + "\"}]}",
						"at 'fields.2.member.key' failed to satisfy constraint: Member must have length less than or equal to 256"),
				row("ReportTaskProgress", "{\"taskId\":\"t\",\"fields\":[{\"key\":\"k\",\"refValue\":\"\"}]}",
						"at 'fields.1.member.refValue' failed to satisfy constraint: Member must have length greater than or equal to 1"),
				row("ReportTaskProgress",
						"{\"taskId\":\"t\",\"fields\":[{\"key\":\"k\",\"stringValue\":\"" + "v".repeat(10241) + "\"}]}",
						"at 'fields.1.member.stringValue' failed to satisfy constraint: Member must have length less than or equal to 10240"),
				row("ReportTaskProgress", "{\"taskId\":\"t\",\"fields\":[\"k\"]}",
						"at 'fields.1.member' failed to satisfy constraint: Member must be a structure"),
				// SetTaskStatus
				row("SetTaskStatus", "{\"taskId\":\"t\"}",
						"Value null at 'taskStatus' failed to satisfy constraint: Member must not be null"),
				row("SetTaskStatus", "{\"taskId\":\"t\",\"taskStatus\":\"finished\"}",
						"Value 'finished' at 'taskStatus' failed to satisfy constraint: Member must satisfy enum value set: [FINISHED, FAILED, FALSE]"),
				row("SetTaskStatus", "{\"taskId\":\"t\",\"taskStatus\":true}",
						"at 'taskStatus' failed to satisfy constraint: Member must be a string"),
				row("SetTaskStatus",
						"{\"taskId\":\"t\",\"taskStatus\":\"FAILED\",\"errorId\":\"" + "e".repeat(1025) + "\"}",
						"at 'errorId' failed to satisfy constraint: Member must have length less than or equal to 1024"),
				row("SetTaskStatus",
						"{\"taskId\":\"t\",\"taskStatus\":\"FAILED\",\"errorStackTrace\":\"" + "s".repeat(1025) + "\"}",
						"at 'errorStackTrace' failed to satisfy constraint: Member must have length less than or equal to 1024"),
				row("SetTaskStatus", "{\"taskId\":\"t\",\"taskStatus\":\"FAILED\",\"errorMessage\":\"bad\\u0000\"}",
						"at 'errorMessage' failed to satisfy constraint: Member must satisfy regular expression pattern"),
				row("SetTaskStatus", "{\"taskId\":[\"t\"],\"taskStatus\":\"FAILED\"}",
						"at 'taskId' failed to satisfy constraint: Member must be a string"),
				// ReportTaskRunnerHeartbeat
				row("ReportTaskRunnerHeartbeat", "{\"workerGroup\":\"wg\"}",
						"Value null at 'taskrunnerId' failed to satisfy constraint: Member must not be null"),
				row("ReportTaskRunnerHeartbeat", "{\"taskrunnerId\":\"" + "r".repeat(1025) + "\"}",
						"at 'taskrunnerId' failed to satisfy constraint: Member must have length less than or equal to 1024"),
				row("ReportTaskRunnerHeartbeat", "{\"taskrunnerId\":\"r\",\"hostname\":\"h\\uD800\"}",
						"Value with disallowed character U+D800 at 'hostname'"),
				row("ReportTaskRunnerHeartbeat", "{\"taskrunnerId\":\"r\",\"workerGroup\":{}}",
						"at 'workerGroup' failed to satisfy constraint: Member must be a string"));
	}

	@ParameterizedTest(name = "[{index}] {0} {1}")
	@MethodSource("invalidInputs")
	void shouldNameTheMemberWhenInputBreaksTheModel(String operation, String body, String expected) {
		assertThatExceptionOfType(ValidationException.class).isThrownBy(() -> reader(operation).apply(json(body)))
			.withMessageStartingWith("1 validation error detected: ")
			.withMessageContaining(expected);
	}

	@Test
	void shouldListEveryViolationWhenSeveralMembersAreWrong() {
		assertThatExceptionOfType(ValidationException.class)
			.isThrownBy(() -> SetTaskStatusInput.read(json("{\"taskStatus\":\"DONE\"}")))
			.withMessageStartingWith("2 validation errors detected: ")
			.satisfies((ex) -> assertThat(ex.violations()).hasSize(2));
	}

	@Test
	void shouldAcceptValidInputAndIgnoreUnknownMembers() {
		PollForTaskInput poll = PollForTaskInput
			.read(json("{\"workerGroup\":\"\",\"hostname\":\"h\uD83D\uDE00\",\"unknown\":1,\"instanceIdentity\":{}}"));
		SetTaskStatusInput status = SetTaskStatusInput.read(json("{\"taskId\":\"" + TASK_ID
				+ "\",\"taskStatus\":\"FALSE\",\"errorMessage\":\"" + "m".repeat(5000) + "\",\"errorId\":null}"));
		ReportTaskProgressInput progress = ReportTaskProgressInput
			.read(json("{\"taskId\":\"t\",\"fields\":[{\"key\":\"percentComplete\",\"stringValue\":\"50\"}]}"));

		assertThat(poll.workerGroup()).isEmpty();
		assertThat(poll.hostname()).isEqualTo("h\uD83D\uDE00");
		assertThat(status.taskStatus()).isEqualTo("FALSE");
		assertThat(status.errorId()).isNull();
		assertThat(progress.fields()).singleElement()
			.satisfies((field) -> assertThat(field.stringValue()).isEqualTo("50"));
	}

	@Test
	void shouldCountLengthInCodePointsWhenCheckingMaximums() {
		// 1024 emoji are 2048 UTF-16 units but 1024 characters: within the id shape.
		String hostname = "\uD83D\uDE00".repeat(1024);

		assertThat(PollForTaskInput.read(json("{\"workerGroup\":\"wg\",\"hostname\":\"" + hostname + "\"}")).hostname())
			.isEqualTo(hostname);
	}

	@Test
	void shouldRefuseBodiesThatAreNotObjects() {
		assertThatExceptionOfType(MalformedInputException.class).isThrownBy(() -> PollForTaskInput.read(json("[]")));
	}

	private static Arguments row(String operation, String body, String expected) {
		return arguments(operation, body, expected);
	}

	private static Function<JsonNode, Object> reader(String operation) {
		return switch (operation) {
			case "PollForTask" -> PollForTaskInput::read;
			case "ReportTaskProgress" -> ReportTaskProgressInput::read;
			case "SetTaskStatus" -> SetTaskStatusInput::read;
			default -> ReportTaskRunnerHeartbeatInput::read;
		};
	}

	private static JsonNode json(String body) {
		return JSON.readTree(body);
	}

}
