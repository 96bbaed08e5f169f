package com.platform.workergateway.security;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.reactive.function.client.WebClient;

import com.platform.workergateway.emulator.EmulatorDataPipeline;
import com.platform.workergateway.support.WorkerClient;
import com.platform.workergateway.web.ProblemType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Throws {@value #REQUESTS} generated malformed or hostile requests
 * ({@link HostileRequests}, seed {@value #SEED}, or {@code -Dfuzz.seed=...}) at the four
 * endpoints, concurrently: no 5xx, every answer a problem document with a {@code type}
 * and the expected status, no call upstream, and a valid poll still served afterwards.
 * <p>
 * It runs in an application context of its own, closed afterwards: ten thousand hostile
 * requests must not leave state (waiters of group {@code alpha}, connections) behind for
 * the other security tests.
 */
@TestPropertySource(properties = "worker-gateway.input.max-body-size=256KB")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class HostileRequestFuzzIntegrationTests extends SecurityIntegrationTest {

	static final int REQUESTS = Integer.getInteger("fuzz.requests", 10_240);

	static final long SEED = 20_260_404L;

	private static final int CONCURRENCY = Integer.getInteger("fuzz.concurrency", 16);

	private static final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Autowired
	EmulatorDataPipeline emulator;

	record Outcome(HostileRequests.Request request, int status, String contentType, String body) {

	}

	@Test
	void shouldAnswerEveryHostileRequestWithAProblemAndCallNoUpstream() {
		// Debug logging of every request would dominate the run time; the other security
		// tests cover the same paths at debug level.
		LoggingSystem logging = LoggingSystem.get(getClass().getClassLoader());
		List<String> verbose = List.of("org.springframework.security", "com.platform.workergateway",
				"reactor.netty.http.server");
		verbose.forEach((logger) -> logging.setLogLevel(logger, LogLevel.INFO));
		try {
			fuzz();
		}
		finally {
			verbose.forEach((logger) -> logging.setLogLevel(logger, LogLevel.DEBUG));
		}
	}

	private void fuzz() {
		long seed = Long.getLong("fuzz.seed", SEED);
		HostileRequests requests = new HostileRequests(seed, 256 * 1024);
		ConnectionProvider connections = ConnectionProvider.builder("fuzz").maxConnections(CONCURRENCY).build();
		WebClient client = WebClient.builder()
			.clientConnector(new ReactorClientHttpConnector(HttpClient.create(connections)))
			.baseUrl("http://localhost:" + this.port)
			.codecs((codecs) -> codecs.defaultCodecs().maxInMemorySize(1024 * 1024))
			.build();
		long upstreamCallsBefore = this.emulator.calls().received();
		Map<String, AtomicInteger> byKindAndStatus = new ConcurrentHashMap<>();
		ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();

		Long answered = Flux.range(0, REQUESTS)
			.map((i) -> requests.next())
			.flatMap((request) -> send(client, request), CONCURRENCY)
			.doOnNext((outcome) -> {
				byKindAndStatus
					.computeIfAbsent(outcome.request().kind() + " -> " + outcome.status(), (key) -> new AtomicInteger())
					.incrementAndGet();
				String failure = check(outcome);
				if (failure != null) {
					failures.add(failure);
				}
			})
			.count()
			.block(Duration.ofSeconds(300));

		System.out.println("Fuzz seed " + seed + ": " + new TreeMap<>(byKindAndStatus));
		assertThat(answered).isEqualTo(REQUESTS);
		assertThat(failures).as("seed " + seed).isEmpty();
		assertThat(this.emulator.calls().received()).as("upstream calls").isEqualTo(upstreamCallsBefore);
		shouldStillServeAValidPoll();
	}

	private void shouldStillServeAValidPoll() {
		String group = "after-fuzz-" + UUID.randomUUID();
		String taskId = this.emulator.schedule(group).taskId();
		Map<String, Object> task = new WorkerClient(this.port).takeTask(group);
		assertThat(task).containsEntry("taskId", taskId);
	}

	private static Mono<Outcome> send(WebClient client, HostileRequests.Request request) {
		WebClient.RequestBodySpec spec = client.post().uri(request.path()).headers((headers) -> {
			if (request.authorization() != null) {
				headers.set(HttpHeaders.AUTHORIZATION, request.authorization());
			}
			headers.set(HttpHeaders.CONTENT_TYPE, request.contentType());
		});
		WebClient.RequestHeadersSpec<?> withBody = request.chunked()
				? spec.body(BodyInserters.fromDataBuffers(chunks(request.body())))
				: spec.body(BodyInserters.fromValue(request.body()));
		return withBody.exchangeToMono((response) -> response.toEntity(String.class))
			.map((entity) -> outcome(request, entity))
			.onErrorResume((failure) -> Mono.just(new Outcome(request, -1, "", String.valueOf(failure))));
	}

	private static Flux<DataBuffer> chunks(byte[] body) {
		int size = 8192;
		return Flux.range(0, (body.length + size - 1) / size)
			.map((i) -> DefaultDataBufferFactory.sharedInstance
				.wrap(java.nio.ByteBuffer.wrap(body, i * size, Math.min(size, body.length - i * size))));
	}

	private static Outcome outcome(HostileRequests.Request request, ResponseEntity<String> entity) {
		MediaType type = entity.getHeaders().getContentType();
		return new Outcome(request, entity.getStatusCode().value(), (type != null) ? type.toString() : "",
				(entity.getBody() != null) ? entity.getBody() : "");
	}

	private static String check(Outcome outcome) {
		if (outcome.status() < 0) {
			return outcome.request() + ": no answer: " + outcome.body();
		}
		// 408: a body slowed down by the load itself may meet the test profile's short
		// body-read-timeout; still a problem, never a 5xx.
		if (outcome.status() >= 500
				|| (!outcome.request().expected().contains(outcome.status()) && outcome.status() != 408)) {
			return outcome.request() + ": status " + outcome.status() + " " + abbreviate(outcome.body());
		}
		if (!outcome.contentType().startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE)) {
			return outcome.request() + ": content type " + outcome.contentType();
		}
		try {
			JsonNode problem = json.readTree(outcome.body());
			if (!problem.path("type").isString() || !problem.path("requestId").isString()) {
				return outcome.request() + ": not a problem " + abbreviate(outcome.body());
			}
			ProblemType type = ProblemType.of(URI.create(problem.path("type").asString()));
			if (type == null || !answeredWith(type, outcome.status())) {
				return outcome.request() + ": status " + outcome.status() + " with a type not in the table for it "
						+ abbreviate(outcome.body());
			}
		}
		catch (RuntimeException ex) {
			return outcome.request() + ": unreadable " + abbreviate(outcome.body());
		}
		return null;
	}

	/**
	 * Whether the problem-type table has this type at this status: its own, or for
	 * {@code invalid-request} any client error HTTP has its own status for (415, 405,
	 * ...).
	 */
	private static boolean answeredWith(ProblemType type, int status) {
		return type.status().value() == status || (type == ProblemType.INVALID_REQUEST && status >= 400 && status < 500
				&& Arrays.stream(ProblemType.values())
					.noneMatch((other) -> other != ProblemType.INVALID_REQUEST && other.status().value() == status));
	}

	private static String abbreviate(String text) {
		return (text.length() > 300) ? text.substring(0, 300) + "..." : text;
	}

}
