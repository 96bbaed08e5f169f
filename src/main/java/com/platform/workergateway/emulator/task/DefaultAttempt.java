package com.platform.workergateway.emulator.task;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fills in what a scheduled task leaves out, after the example in AWS's PollForTask
 * documentation ({@code @SayHello_2012-12-12T00:00:00_Attempt=1}).
 */
final class DefaultAttempt {

	private static final DateTimeFormatter SCHEDULED = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss")
		.withZone(ZoneOffset.UTC);

	private DefaultAttempt() {
	}

	static TaskObject complete(String taskId, NewTask spec, Instant now) {
		String pipelineId = (spec.pipelineId() != null) ? spec.pipelineId() : TaskIds.pipelineId();
		Map<String, PipelineObject> objects = spec.objects();
		if (objects == null || objects.isEmpty()) {
			String attemptId = (spec.attemptId() != null) ? spec.attemptId() : attemptId(now);
			objects = Map.of(attemptId, attemptObject(attemptId, spec.workerGroup(), pipelineId, now));
			return new TaskObject(taskId, pipelineId, attemptId, objects);
		}
		String attemptId = (spec.attemptId() != null) ? spec.attemptId() : objects.keySet().iterator().next();
		return new TaskObject(taskId, pipelineId, attemptId, new LinkedHashMap<>(objects));
	}

	private static String attemptId(Instant now) {
		return "@SayHello_" + SCHEDULED.format(now.truncatedTo(ChronoUnit.SECONDS)) + "_Attempt=1";
	}

	private static PipelineObject attemptObject(String attemptId, String workerGroup, String pipelineId, Instant now) {
		List<Field> fields = List.of(Field.string("@status", "WAITING_FOR_RUNNER"),
				Field.string("type", "ShellCommandActivity"), Field.string("command", "echo hello"),
				Field.string("workerGroup", workerGroup), Field.string("@pipelineId", pipelineId),
				Field.string("@scheduledStartTime", SCHEDULED.format(now.truncatedTo(ChronoUnit.SECONDS))));
		return new PipelineObject(attemptId, attemptId, fields);
	}

}
