package com.platform.workergateway.emulator.wire;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.platform.workergateway.emulator.runner.RunnerRegistry;
import com.platform.workergateway.emulator.task.InMemoryTaskQueue;
import com.platform.workergateway.emulator.task.NoSuchTaskException;
import com.platform.workergateway.emulator.task.TaskObject;
import com.platform.workergateway.emulator.validation.MalformedInputException;
import com.platform.workergateway.emulator.validation.ValidationException;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * The four task-runner operations: validated input in, the model's output shape out, and
 * failures as AWS errors.
 */
final class TaskRunnerOperations {

	private final InMemoryTaskQueue tasks;

	private final RunnerRegistry runners;

	TaskRunnerOperations(InMemoryTaskQueue tasks, RunnerRegistry runners) {
		this.tasks = tasks;
		this.runners = runners;
	}

	Mono<Object> invoke(Operation operation, JsonNode body) {
		return Mono.defer(() -> switch (operation) {
			case POLL_FOR_TASK -> pollForTask(PollForTaskInput.read(body));
			case REPORT_TASK_PROGRESS -> Mono.just(reportTaskProgress(ReportTaskProgressInput.read(body)));
			case SET_TASK_STATUS -> Mono.just(setTaskStatus(SetTaskStatusInput.read(body)));
			case REPORT_TASK_RUNNER_HEARTBEAT -> Mono.just(heartbeat(ReportTaskRunnerHeartbeatInput.read(body)));
		}).onErrorMap(TaskRunnerOperations::isModelled, TaskRunnerOperations::toAwsError);
	}

	private Mono<Object> pollForTask(PollForTaskInput input) {
		return this.tasks.poll(input.workerGroup(), input.hostname())
			.map(PollForTaskOutput::new)
			.defaultIfEmpty(new PollForTaskOutput(null))
			.cast(Object.class);
	}

	private Object reportTaskProgress(ReportTaskProgressInput input) {
		return Map.of("canceled", this.tasks.reportProgress(input.taskId(), input.fields()));
	}

	private Object setTaskStatus(SetTaskStatusInput input) {
		this.tasks.setStatus(input.taskId(), input.taskStatus(), input.errorId(), input.errorMessage(),
				input.errorStackTrace());
		return Map.of();
	}

	private Object heartbeat(ReportTaskRunnerHeartbeatInput input) {
		return Map.of("terminate", this.runners.heartbeat(input.taskrunnerId(), input.workerGroup(), input.hostname()));
	}

	private static boolean isModelled(Throwable failure) {
		return failure instanceof ValidationException || failure instanceof MalformedInputException
				|| failure instanceof NoSuchTaskException;
	}

	private static Throwable toAwsError(Throwable failure) {
		String type = "TaskNotFoundException";
		if (failure instanceof ValidationException) {
			type = "InvalidRequestException";
		}
		else if (failure instanceof MalformedInputException) {
			type = "SerializationException";
		}
		return new AwsErrorException(type, String.valueOf(failure.getMessage()));
	}

	/**
	 * PollForTask's answer; an idle hold ends with {@code {}}, no {@code taskObject}.
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record PollForTaskOutput(@Nullable TaskObject taskObject) {

	}

}
