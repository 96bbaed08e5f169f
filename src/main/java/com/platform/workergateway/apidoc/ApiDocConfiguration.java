package com.platform.workergateway.apidoc;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import org.springdoc.core.customizers.OperationCustomizer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;

import com.platform.workergateway.timeout.TimeoutLadder;
import com.platform.workergateway.web.OperationProblems;
import com.platform.workergateway.web.ProblemType;

/**
 * Describes the worker API (v1): the document's header, the problem schema, and the
 * problems every operation can answer, added once here rather than on each endpoint.
 */
@Configuration(proxyBeanMethods = false)
class ApiDocConfiguration {

	static final String PROBLEM_JSON = "application/problem+json";

	private static final String PROBLEM_SCHEMA = "#/components/schemas/Problem";

	@Bean
	OpenAPI workerApi() {
		return new OpenAPI().info(new Info().title("Data Pipeline Worker Gateway — worker API")
			.version("v1")
			.description("Plain JSON over HTTP for workers that take tasks from AWS Data Pipeline. Every error is an"
					+ " RFC 9457 problem (application/problem+json) whose `type` is one of: " + problemTypes()
					+ ". Workers set their HTTP client timeout to the poll's wait plus "
					+ TimeoutLadder.WORKER_CLIENT_MARGIN + "."))
			// Relative: the document must not depend on the host or port it is served
			// from.
			.servers(List.of(new Server().url("/")))
			.addSecurityItem(new SecurityRequirement().addList("bearer"))
			.components(new Components()
				.addSecuritySchemes("bearer",
						new SecurityScheme().type(SecurityScheme.Type.HTTP)
							.scheme("bearer")
							.description("A static worker token, or a JWT such as a Kubernetes projected ServiceAccount"
									+ " token; each grants a set of worker groups"))
				.addSchemas("Problem", problemSchema())
				.addHeaders("Retry-After",
						new Header().description("Seconds to wait before trying again").schema(new IntegerSchema())));
	}

	private static String problemTypes() {
		return Arrays.stream(ProblemType.values())
			.map((type) -> "`" + type.type() + "` (" + type.status().value() + ")")
			.collect(Collectors.joining(", "));
	}

	private static Schema<?> problemSchema() {
		return new ObjectSchema().description("An RFC 9457 problem")
			.addProperty("type",
					new StringSchema().format("uri")
						._enum(Arrays.stream(ProblemType.values()).map((type) -> type.type().toString()).toList()))
			.addProperty("title", new StringSchema())
			.addProperty("status", new IntegerSchema())
			.addProperty("detail", new StringSchema())
			.addProperty("instance", new StringSchema())
			.addProperty("requestId", new StringSchema().description("Matches the gateway's logs"))
			.addProperty("upstreamError", new StringSchema().description("The AWS error name, when there is one"))
			.addProperty("errors",
					new Schema<>().type("array")
						.description("Each broken constraint, for invalid requests")
						.items(new ObjectSchema().addProperty("field", new StringSchema())
							.addProperty("message", new StringSchema())))
			.required(List.of("type", "title", "status"));
	}

	/**
	 * Adds the problems an operation can answer, from the problem-type table: those any
	 * worker call can meet, the ones its {@link OperationProblems} names, and {@code 415}
	 * for a body that is not JSON. A {@code 204} has no body (RFC 9110), so none is
	 * described for it.
	 */
	@Bean
	OperationCustomizer problems() {
		return (operation, handlerMethod) -> {
			ApiResponses responses = operation.getResponses();
			ApiResponse noContent = responses.get("204");
			if (noContent != null) {
				noContent.setContent(null);
			}
			Arrays.stream(ProblemType.values())
				.filter(ProblemType::everyCall)
				.forEach((type) -> responses.putIfAbsent(status(type), problem(type, type.meaning())));
			OperationProblems specific = handlerMethod.getMethodAnnotation(OperationProblems.class);
			if (specific != null) {
				Arrays.stream(specific.value())
					.forEach((type) -> responses.putIfAbsent(status(type), problem(type, type.meaning())));
			}
			if (operation.getRequestBody() != null) {
				responses.putIfAbsent(String.valueOf(HttpStatus.UNSUPPORTED_MEDIA_TYPE.value()),
						problem(ProblemType.INVALID_REQUEST, "The body is not sent as application/json"));
			}
			return operation;
		};
	}

	private static String status(ProblemType type) {
		return String.valueOf(type.status().value());
	}

	static ApiResponse problem(ProblemType type, String description) {
		ApiResponse response = new ApiResponse().description(description + " (" + type.type() + ")")
			.content(new Content().addMediaType(PROBLEM_JSON,
					new MediaType().schema(new Schema<>().$ref(PROBLEM_SCHEMA))));
		if (type == ProblemType.THROTTLED || type == ProblemType.UPSTREAM_UNAVAILABLE) {
			response.addHeaderObject("Retry-After", new Header().$ref("#/components/headers/Retry-After"));
		}
		return response;
	}

}
