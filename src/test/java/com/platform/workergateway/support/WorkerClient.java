package com.platform.workergateway.support;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * A worker speaking the v1 API to the gateway under test, as plain JSON over HTTP.
 */
public final class WorkerClient {

	/**
	 * The development token of the {@code local} and {@code test} profiles: every worker
	 * group.
	 */
	public static final String DEV_TOKEN = "dev-token";

	/** The {@code Authorization} header value for {@link #DEV_TOKEN}. */
	public static final String DEV_AUTHORIZATION = "Bearer " + DEV_TOKEN;

	// Generous: these machines are shared and a loaded 2-core box can stall a JVM for
	// seconds.
	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	private final WebClient http;

	public WorkerClient(int port) {
		this(port, DEV_TOKEN);
	}

	public WorkerClient(int port, String bearerToken) {
		this.http = WebClient.builder()
			.baseUrl("http://localhost:" + port)
			.defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + bearerToken)
			.build();
	}

	public Mono<ResponseEntity<Map>> pollAsync(String workerGroup, int waitSeconds) {
		return post("/v1/tasks/poll", Map.of("workerGroup", workerGroup), waitSeconds);
	}

	/** Polls and returns the task, failing when none came. */
	public Map<String, Object> takeTask(String workerGroup) {
		ResponseEntity<Map> answer = pollAsync(workerGroup, 5).block(TIMEOUT);
		if (answer == null || !answer.getStatusCode().is2xxSuccessful() || answer.getBody() == null) {
			throw new AssertionError("No task for " + workerGroup + ": " + answer);
		}
		return answer.getBody();
	}

	public Mono<ResponseEntity<Map>> progressAsync(String taskToken, List<Map<String, String>> fields) {
		return post("/v1/tasks/progress", Map.of("taskToken", taskToken, "fields", fields), null);
	}

	public ResponseEntity<Map> progress(String taskToken) {
		return progressAsync(taskToken, List.of()).block(TIMEOUT);
	}

	public Mono<ResponseEntity<Map>> statusAsync(Map<String, ?> body) {
		return post("/v1/tasks/status", body, null);
	}

	public ResponseEntity<Map> status(Map<String, ?> body) {
		return statusAsync(body).block(TIMEOUT);
	}

	public ResponseEntity<Map> heartbeat(Map<String, ?> body) {
		return post("/v1/runners/heartbeat", body, null).block(TIMEOUT);
	}

	private Mono<ResponseEntity<Map>> post(String path, Object body, Integer waitSeconds) {
		return this.http.post().uri(path).headers((headers) -> {
			if (waitSeconds != null) {
				headers.set("Prefer", "wait=" + waitSeconds);
			}
		})
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchangeToMono((response) -> response.toEntity(Map.class));
	}

}
