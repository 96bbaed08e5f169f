package com.platform.workergateway.emulator.admin;

import com.platform.workergateway.emulator.task.NoSuchTaskException;
import com.platform.workergateway.emulator.task.TaskEndedException;
import com.platform.workergateway.emulator.validation.MalformedInputException;
import com.platform.workergateway.emulator.validation.ValidationException;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

import static org.springframework.web.reactive.function.server.RequestPredicates.DELETE;
import static org.springframework.web.reactive.function.server.RequestPredicates.GET;
import static org.springframework.web.reactive.function.server.RequestPredicates.POST;
import static org.springframework.web.reactive.function.server.RouterFunctions.route;

/**
 * The admin API under {@code /emulator}, JSON in and out: schedule and inspect tasks,
 * cancel them, terminate runners, inject faults, read call counts, reset.
 */
public final class AdminRouter {

	private AdminRouter() {
	}

	public static RouterFunction<ServerResponse> routes(EmulatorAdmin admin) {
		TaskAdminHandler tasks = new TaskAdminHandler(admin);
		RunnerAdminHandler runners = new RunnerAdminHandler(admin);
		FaultAdminHandler faults = new FaultAdminHandler(admin);
		return route(POST("/emulator/tasks"), tasks::schedule).andRoute(GET("/emulator/tasks"), tasks::list)
			.andRoute(GET("/emulator/tasks/{taskId}"), tasks::get)
			.andRoute(POST("/emulator/tasks/{taskId}/cancel"), tasks::cancel)
			.andRoute(GET("/emulator/runners"), runners::list)
			.andRoute(POST("/emulator/runners/{taskrunnerId}/terminate"), runners::terminate)
			.andRoute(POST("/emulator/faults"), faults::add)
			.andRoute(GET("/emulator/faults"), faults::list)
			.andRoute(DELETE("/emulator/faults"), faults::clear)
			.andRoute(GET("/emulator/calls"), (request) -> AdminJson.ok(admin.calls()))
			.andRoute(POST("/emulator/reset"), (request) -> reset(admin))
			.filter((request, next) -> Mono.defer(() -> next.handle(request))
				.onErrorResume(AdminRouter::isClientError, AdminRouter::toError));
	}

	private static Mono<ServerResponse> reset(EmulatorAdmin admin) {
		admin.reset();
		return ServerResponse.noContent().build();
	}

	private static boolean isClientError(Throwable failure) {
		return failure instanceof ValidationException || failure instanceof MalformedInputException
				|| failure instanceof IllegalArgumentException || failure instanceof NoSuchTaskException
				|| failure instanceof TaskEndedException;
	}

	private static Mono<ServerResponse> toError(Throwable failure) {
		HttpStatus status = HttpStatus.BAD_REQUEST;
		if (failure instanceof NoSuchTaskException) {
			status = HttpStatus.NOT_FOUND;
		}
		else if (failure instanceof TaskEndedException) {
			status = HttpStatus.CONFLICT;
		}
		return AdminJson.error(status, String.valueOf(failure.getMessage()));
	}

}
