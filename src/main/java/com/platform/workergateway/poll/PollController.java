package com.platform.workergateway.poll;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

import com.platform.workergateway.dispatch.Dispatcher;
import com.platform.workergateway.security.WorkerAccess;
import com.platform.workergateway.task.TaskActivity;
import com.platform.workergateway.task.TaskToken;
import com.platform.workergateway.task.TaskTokenCodec;
import com.platform.workergateway.timeout.TimeoutLadder;

/**
 * {@code POST /v1/tasks/poll}: a worker's long poll for a task of its worker group.
 */
@RestController
class PollController {

	static final String PREFER = "Prefer";

	static final String PREFERENCE_APPLIED = "Preference-Applied";

	private final Dispatcher dispatcher;

	private final WaitPolicy waitPolicy;

	private final TaskTokenCodec taskTokens;

	private final TaskActivity activity;

	private final WorkerAccess access;

	PollController(Dispatcher dispatcher, PollProperties properties, TaskTokenCodec taskTokens, TaskActivity activity,
			WorkerAccess access) {
		this.dispatcher = dispatcher;
		this.waitPolicy = new WaitPolicy(properties);
		this.taskTokens = taskTokens;
		this.activity = activity;
		this.access = access;
	}

	@Operation(summary = "Wait for a task of a worker group",
			description = "Held until a task is handed to this worker or the wait ends. Set the HTTP client timeout"
					+ " to the wait plus " + TimeoutLadder.WORKER_CLIENT_MARGIN + ".",
			parameters = @Parameter(in = ParameterIn.HEADER, name = PREFER, required = false,
					description = "RFC 7240 preference `wait=<seconds>`; capped at the configured maximum ("
							+ PollProperties.DEFAULT_MAX_WAIT + " by default). Without it the wait is "
							+ PollProperties.DEFAULT_WAIT + " plus up to " + PollProperties.DEFAULT_WAIT_JITTER
							+ " of jitter.",
					schema = @Schema(type = "string", example = "wait=20")))
	@ApiResponse(responseCode = "200", description = "A task; report on it with its taskToken",
			headers = @Header(name = PREFERENCE_APPLIED, description = "The wait applied, e.g. `wait=20`"))
	@ApiResponse(responseCode = "204", description = "The wait ended with no task; poll again",
			headers = @Header(name = PREFERENCE_APPLIED, description = "The wait applied, e.g. `wait=20`"))
	@PostMapping(path = PollDeliveryFilter.POLL_PATH, consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<ResponseEntity<TaskResponse>> poll(@Valid @RequestBody PollRequest request,
			@Parameter(hidden = true) @RequestHeader HttpHeaders headers, ServerWebExchange exchange) {
		WaitPolicy.Wait wait = this.waitPolicy.decide(headers.get(PREFER));
		HttpHeaders responseHeaders = new HttpHeaders();
		if (wait.preferenceApplied()) {
			responseHeaders.set(PREFERENCE_APPLIED, "wait=" + wait.duration().toSeconds());
		}
		PollDelivery delivery = PollDeliveryFilter.delivery(exchange);
		return this.access.check(request.workerGroup())
			.then(Mono.defer(() -> this.dispatcher.poll(request.toUpstream(), wait.duration())))
			.doOnNext((task) -> delivery.handedOff(request.workerGroup(), task))
			.doOnNext((task) -> this.activity.handedOff(task.taskId()))
			.map((task) -> TaskResponse.of(task,
					this.taskTokens.encode(new TaskToken(request.workerGroup(), task.taskId()))))
			.map((task) -> ResponseEntity.ok().headers(responseHeaders).body(task))
			.defaultIfEmpty(ResponseEntity.noContent().headers(responseHeaders).build());
	}

}
