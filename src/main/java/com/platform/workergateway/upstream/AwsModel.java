package com.platform.workergateway.upstream;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.datapipeline.model.Field;
import software.amazon.awssdk.services.datapipeline.model.InstanceIdentity;
import software.amazon.awssdk.services.datapipeline.model.PipelineObject;
import software.amazon.awssdk.services.datapipeline.model.PollForTaskRequest;
import software.amazon.awssdk.services.datapipeline.model.ReportTaskProgressRequest;
import software.amazon.awssdk.services.datapipeline.model.ReportTaskRunnerHeartbeatRequest;
import software.amazon.awssdk.services.datapipeline.model.SetTaskStatusRequest;

/**
 * Converts between the port's records and the SDK's model, so that no SDK type leaks out
 * of this package.
 */
final class AwsModel {

	private AwsModel() {
	}

	static PollForTaskRequest pollForTask(PollForTask poll, AwsRequestOverrideConfiguration override) {
		PollForTaskRequest.Builder builder = PollForTaskRequest.builder()
			.workerGroup(poll.workerGroup())
			.hostname(poll.hostname())
			.overrideConfiguration(override);
		PollForTask.InstanceIdentity identity = poll.instanceIdentity();
		if (identity != null) {
			builder.instanceIdentity(
					InstanceIdentity.builder().document(identity.document()).signature(identity.signature()).build());
		}
		return builder.build();
	}

	static ReportTaskProgressRequest reportTaskProgress(TaskProgress progress) {
		return ReportTaskProgressRequest.builder()
			.taskId(progress.taskId())
			.fields(progress.fields().stream().map(AwsModel::field).toList())
			.build();
	}

	static SetTaskStatusRequest setTaskStatus(TaskStatusReport report) {
		return SetTaskStatusRequest.builder()
			.taskId(report.taskId())
			.taskStatus(report.taskStatus())
			.errorId(report.errorId())
			.errorMessage(report.errorMessage())
			.errorStackTrace(report.errorStackTrace())
			.build();
	}

	static ReportTaskRunnerHeartbeatRequest reportTaskRunnerHeartbeat(RunnerHeartbeat heartbeat) {
		return ReportTaskRunnerHeartbeatRequest.builder()
			.taskrunnerId(heartbeat.taskrunnerId())
			.workerGroup(heartbeat.workerGroup())
			.hostname(heartbeat.hostname())
			.build();
	}

	/**
	 * Converts a task handed out by PollForTask.
	 * @param task the SDK's task, {@code null} for an empty poll
	 * @return our task, {@code null} for an empty poll
	 * @throws SdkClientException if the task has no id: nobody could ever report on it,
	 * and it must not vanish silently
	 */
	static @Nullable TaskObject task(software.amazon.awssdk.services.datapipeline.model.@Nullable TaskObject task) {
		if (task == null) {
			return null;
		}
		if (task.taskId() == null) {
			throw SdkClientException.create("PollForTask returned a task without taskId");
		}
		Map<String, TaskObject.PipelineObject> objects = new LinkedHashMap<>();
		task.objects().forEach((id, object) -> objects.put(id, pipelineObject(object)));
		return new TaskObject(task.taskId(), task.pipelineId(), task.attemptId(), objects);
	}

	private static TaskObject.PipelineObject pipelineObject(PipelineObject object) {
		List<TaskObject.Field> fields = object.fields()
			.stream()
			.map((field) -> new TaskObject.Field(field.key(), field.stringValue(), field.refValue()))
			.toList();
		return new TaskObject.PipelineObject(object.id(), object.name(), fields);
	}

	private static Field field(TaskObject.Field field) {
		return Field.builder().key(field.key()).stringValue(field.stringValue()).refValue(field.refValue()).build();
	}

}
