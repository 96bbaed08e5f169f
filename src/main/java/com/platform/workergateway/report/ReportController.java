package com.platform.workergateway.report;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import reactor.core.publisher.Mono;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import com.platform.workergateway.model.ModelTextShaper;
import com.platform.workergateway.security.WorkerAccess;
import com.platform.workergateway.task.TaskActivity;
import com.platform.workergateway.task.TaskToken;
import com.platform.workergateway.task.TaskTokenCodec;
import com.platform.workergateway.upstream.TaskStatusReport;
import com.platform.workergateway.web.OperationProblems;
import com.platform.workergateway.web.ProblemType;

/**
 * The worker's reports: progress and status of a task, and runner heartbeats.
 */
@RestController
class ReportController {

	private static final int MODEL_STRING_MAX = 1024;

	private final TaskTokenCodec taskTokens;

	private final ProgressRelay progress;

	private final UpstreamReports reports;

	private final HeartbeatRelay heartbeats;

	private final TaskActivity activity;

	private final WorkerAccess access;

	ReportController(TaskTokenCodec taskTokens, ProgressRelay progress, UpstreamReports reports,
			HeartbeatRelay heartbeats, TaskActivity activity, WorkerAccess access) {
		this.taskTokens = taskTokens;
		this.progress = progress;
		this.reports = reports;
		this.heartbeats = heartbeats;
		this.activity = activity;
		this.access = access;
	}

	@Operation(summary = "Acknowledge a task or report progress on it",
			description = "The first report acknowledges the task and is due within 2 minutes of the poll (Data"
					+ " Pipeline re-assigns an unacknowledged task); then report about every 60 seconds. Reports"
					+ " within a few seconds of the last one relayed are answered from its answer.")
	@ApiResponse(responseCode = "200", description = "Relayed; `canceled` true means stop and do not report status")
	@OperationProblems({ ProblemType.TASK_NOT_FOUND, ProblemType.PIPELINE_DELETED })
	@PostMapping(path = "/v1/tasks/progress", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<ProgressResponse> progress(@Valid @RequestBody ProgressRequest request) {
		TaskToken token = this.taskTokens.decode(request.taskToken());
		return this.access.check(token)
			.then(Mono.defer(() -> this.progress.report(token.taskId(), request.upstreamFields())))
			.map(ProgressResponse::new);
	}

	@Operation(summary = "Report the final status of a task",
			description = "Call once, whether the task succeeded or not, but not after a progress report answered"
					+ " `canceled`. Error fields longer than the service allows are truncated, never refused.")
	@ApiResponse(responseCode = "204", description = "Relayed")
	@OperationProblems({ ProblemType.TASK_NOT_FOUND, ProblemType.PIPELINE_DELETED })
	@PostMapping(path = "/v1/tasks/status", consumes = MediaType.APPLICATION_JSON_VALUE)
	Mono<ResponseEntity<Void>> status(@Valid @RequestBody StatusRequest request) {
		TaskToken token = this.taskTokens.decode(request.taskToken());
		TaskStatusReport report = new TaskStatusReport(token.taskId(), request.taskStatus().name(),
				ModelTextShaper.shape(request.errorId(), MODEL_STRING_MAX),
				ModelTextShaper.shape(request.errorMessage(), Integer.MAX_VALUE),
				ModelTextShaper.shape(request.errorStackTrace(), MODEL_STRING_MAX));
		return this.access.reportStatus(token, report.taskStatus(),
				() -> this.progress.flush(token.taskId())
					.then(this.reports.setTaskStatus(report))
					.then(Mono.fromRunnable(() -> this.activity.ended(token.taskId())))
					.thenReturn(ResponseEntity.noContent().build()));
	}

	@Operation(summary = "Report that a task runner is alive",
			description = "Relayed at most once a minute per runner; `terminate` true means finish the current task"
					+ " and exit.")
	@ApiResponse(responseCode = "200", description = "Relayed or answered from the runner's last heartbeat")
	@PostMapping(path = "/v1/runners/heartbeat", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<HeartbeatResponse> heartbeat(@Valid @RequestBody HeartbeatRequest request) {
		return this.access.check(request.workerGroup())
			.then(Mono.defer(() -> this.heartbeats.heartbeat(request.toUpstream())))
			.map(HeartbeatResponse::new);
	}

}
