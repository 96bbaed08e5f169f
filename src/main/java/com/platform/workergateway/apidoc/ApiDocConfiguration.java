package com.platform.workergateway.apidoc;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
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
					+ ". Workers set their HTTP client timeout to the poll's wait plus 10 seconds."))
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
	 * Adds the problems any worker call can meet: bad input, credentials, limits and the
	 * upstream's failures.
	 */
	@Bean
	OperationCustomizer commonProblems() {
		return (operation, handlerMethod) -> {
			ApiResponses responses = operation.getResponses();
			Map.of(ProblemType.INVALID_REQUEST, "The request breaks the contract; nothing was sent upstream",
					ProblemType.UNAUTHENTICATED, "No or bad credentials", ProblemType.FORBIDDEN,
					"Credentials not allowed for this worker group or task", ProblemType.PAYLOAD_TOO_LARGE,
					"Body over the configured limit", ProblemType.THROTTLED,
					"Over a rate or capacity limit, local or upstream", ProblemType.UPSTREAM_ERROR,
					"Data Pipeline failed (InternalServiceError) or answered unreadably",
					ProblemType.UPSTREAM_UNAVAILABLE, "Circuit breaker open or the gateway is draining",
					ProblemType.UPSTREAM_TIMEOUT, "No upstream answer within the response timeout",
					ProblemType.INTERNAL, "Unexpected failure")
				.forEach((type, description) -> responses.putIfAbsent(String.valueOf(type.status().value()),
						problem(type, description)));
			return operation;
		};
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
