package com.platform.workergateway.emulator.admin;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Adds, lists and clears injected faults.
 */
final class FaultAdminHandler {

	private final EmulatorAdmin admin;

	FaultAdminHandler(EmulatorAdmin admin) {
		this.admin = admin;
	}

	Mono<ServerResponse> add(ServerRequest request) {
		return AdminJson.body(request)
			.map(FaultRequest::read)
			.map(this.admin::addFault)
			.flatMap((fault) -> AdminJson.respond(HttpStatus.CREATED, fault));
	}

	Mono<ServerResponse> list(ServerRequest request) {
		return AdminJson.ok(this.admin.faults());
	}

	Mono<ServerResponse> clear(ServerRequest request) {
		this.admin.clearFaults();
		return ServerResponse.noContent().build();
	}

}
