package com.platform.workergateway.emulator.admin;

import reactor.core.publisher.Mono;

import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Shows task runners' heartbeats and asks runners to terminate.
 */
final class RunnerAdminHandler {

	private final EmulatorAdmin admin;

	RunnerAdminHandler(EmulatorAdmin admin) {
		this.admin = admin;
	}

	Mono<ServerResponse> list(ServerRequest request) {
		return AdminJson.ok(this.admin.runners());
	}

	Mono<ServerResponse> terminate(ServerRequest request) {
		return AdminJson.ok(this.admin.terminate(request.pathVariable("taskrunnerId")));
	}

}
