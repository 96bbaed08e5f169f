package com.platform.workergateway.emulator.admin;

import java.net.URI;

import com.platform.workergateway.emulator.task.TaskLedgerEntry;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Schedules tasks and shows their ledger.
 */
final class TaskAdminHandler {

	private final EmulatorAdmin admin;

	TaskAdminHandler(EmulatorAdmin admin) {
		this.admin = admin;
	}

	Mono<ServerResponse> schedule(ServerRequest request) {
		return AdminJson.body(request).map(NewTaskRequest::read).map(this.admin::schedule).flatMap(this::created);
	}

	Mono<ServerResponse> list(ServerRequest request) {
		return AdminJson.ok(this.admin.ledger());
	}

	Mono<ServerResponse> get(ServerRequest request) {
		return this.admin.ledger(request.pathVariable("taskId"))
			.map(AdminJson::ok)
			.orElseGet(() -> AdminJson.error(HttpStatus.NOT_FOUND, "No task with this id"));
	}

	Mono<ServerResponse> cancel(ServerRequest request) {
		return AdminJson.ok(this.admin.cancel(request.pathVariable("taskId")));
	}

	private Mono<ServerResponse> created(TaskLedgerEntry entry) {
		return AdminJson.created(URI.create("/emulator/tasks/" + entry.taskId()), entry);
	}

}
