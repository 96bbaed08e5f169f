package com.platform.workergateway.report;

import java.util.Map;

import jakarta.validation.Valid;
import reactor.core.publisher.Mono;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import com.platform.workergateway.model.ModelTextShaper;
import com.platform.workergateway.task.TaskActivity;
import com.platform.workergateway.task.TaskToken;
import com.platform.workergateway.task.TaskTokenCodec;
import com.platform.workergateway.upstream.TaskStatusReport;

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

	ReportController(TaskTokenCodec taskTokens, ProgressRelay progress, UpstreamReports reports,
			HeartbeatRelay heartbeats, TaskActivity activity) {
		this.taskTokens = taskTokens;
		this.progress = progress;
		this.reports = reports;
		this.heartbeats = heartbeats;
		this.activity = activity;
	}

	@PostMapping(path = "/v1/tasks/progress", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<Map<String, Boolean>> progress(@Valid @RequestBody ProgressRequest request) {
		TaskToken token = this.taskTokens.decode(request.taskToken());
		return this.progress.report(token.taskId(), request.upstreamFields())
			.map((canceled) -> Map.of("canceled", canceled));
	}

	@PostMapping(path = "/v1/tasks/status", consumes = MediaType.APPLICATION_JSON_VALUE)
	Mono<ResponseEntity<Void>> status(@Valid @RequestBody StatusRequest request) {
		TaskToken token = this.taskTokens.decode(request.taskToken());
		TaskStatusReport report = new TaskStatusReport(token.taskId(), request.taskStatus().name(),
				ModelTextShaper.shape(request.errorId(), MODEL_STRING_MAX), request.errorMessage(),
				ModelTextShaper.shape(request.errorStackTrace(), MODEL_STRING_MAX));
		return this.reports.setTaskStatus(report)
			.then(Mono.fromRunnable(() -> this.activity.ended(token.taskId())))
			.thenReturn(ResponseEntity.noContent().build());
	}

	@PostMapping(path = "/v1/runners/heartbeat", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<Map<String, Boolean>> heartbeat(@Valid @RequestBody HeartbeatRequest request) {
		return this.heartbeats.heartbeat(request.toUpstream()).map((terminate) -> Map.of("terminate", terminate));
	}

}
