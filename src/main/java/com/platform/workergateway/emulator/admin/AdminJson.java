package com.platform.workergateway.emulator.admin;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import com.platform.workergateway.emulator.validation.MalformedInputException;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * JSON in and out of the admin API. The emulator serializes by itself rather than through
 * WebFlux codecs, so its answers do not change with the host application's Jackson setup.
 */
final class AdminJson {

	private static final JsonMapper JSON = JsonMapper.builder()
		.disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
		.disable(DateTimeFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
		.build();

	private AdminJson() {
	}

	static Mono<JsonNode> body(ServerRequest request) {
		return request.bodyToMono(byte[].class).defaultIfEmpty(new byte[0]).map(AdminJson::parse);
	}

	static Mono<ServerResponse> ok(Object body) {
		return respond(HttpStatus.OK, body);
	}

	static Mono<ServerResponse> respond(HttpStatusCode status, Object body) {
		return ServerResponse.status(status)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(JSON.writeValueAsBytes(body));
	}

	static Mono<ServerResponse> created(URI location, Object body) {
		return ServerResponse.created(location)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(JSON.writeValueAsBytes(body));
	}

	static Mono<ServerResponse> error(HttpStatus status, String message) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("status", status.value());
		body.put("error", status.getReasonPhrase());
		body.put("message", message);
		return respond(status, body);
	}

	private static JsonNode parse(byte[] body) {
		if (body.length == 0) {
			return JSON.createObjectNode();
		}
		try {
			return JSON.readTree(body);
		}
		catch (JacksonException ex) {
			throw new MalformedInputException("Malformed JSON: " + ex.getOriginalMessage());
		}
	}

}
