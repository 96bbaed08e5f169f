package com.platform.workergateway.emulator.wire;

import java.util.Arrays;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * The task-runner operations the emulator serves, by their {@code X-Amz-Target} names.
 */
public enum Operation {

	POLL_FOR_TASK("PollForTask"), REPORT_TASK_PROGRESS("ReportTaskProgress"), SET_TASK_STATUS("SetTaskStatus"),
	REPORT_TASK_RUNNER_HEARTBEAT("ReportTaskRunnerHeartbeat");

	static final String TARGET_PREFIX = "DataPipeline.";

	private final String wireName;

	Operation(String wireName) {
		this.wireName = wireName;
	}

	/**
	 * The model's operation name, e.g. {@code PollForTask}.
	 */
	public String wireName() {
		return this.wireName;
	}

	public static Optional<Operation> fromWireName(String name) {
		return Arrays.stream(values()).filter((operation) -> operation.wireName.equals(name)).findFirst();
	}

	static Optional<Operation> fromTarget(@Nullable String target) {
		return fromWireName(nameIn(target));
	}

	/**
	 * The name a call is counted under: the operation the target names even if the
	 * emulator does not serve it (so that tests see an unexpected {@code ListPipelines}),
	 * or {@code unknown}.
	 */
	static String nameIn(@Nullable String target) {
		if (target == null || !target.startsWith(TARGET_PREFIX) || target.length() == TARGET_PREFIX.length()) {
			return "unknown";
		}
		return target.substring(TARGET_PREFIX.length());
	}

}
