package com.platform.workergateway.security;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import com.platform.workergateway.emulator.EmulatorDataPipeline;
import com.platform.workergateway.support.WorkerClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * (credentials) x (endpoint): the expected status and problem type, and no upstream call
 * for any refused request.
 */
class AuthenticationMatrixIntegrationTests extends SecurityIntegrationTest {

	private static final String UNAUTHENTICATED = "urn:worker-gateway:problem:unauthenticated";

	private static final String FORBIDDEN = "urn:worker-gateway:problem:forbidden";

	@LocalServerPort
	int port;

	@Autowired
	EmulatorDataPipeline emulator;

	private WebTestClient gateway;

	@BeforeEach
	void setUp() {
		this.gateway = WebTestClient.bindToServer()
			.baseUrl("http://localhost:" + this.port)
			.responseTimeout(Duration.ofSeconds(60))
			.build();
	}

	enum Endpoint {

		POLL, PROGRESS, STATUS, HEARTBEAT

	}

	/**
	 * A way to call: the {@code Authorization} header (none when {@code null}), and the
	 * expected problem type ({@code null}: allowed).
	 */
	record Credentials(String description, Supplier<@Nullable String> authorization, @Nullable String refusal,
			String group) {

		Credentials(String description, Supplier<@Nullable String> authorization, @Nullable String refusal) {
			this(description, authorization, refusal, ALPHA);
		}

		Credentials forGroup(String group) {
			return new Credentials(this.description, this.authorization, this.refusal, group);
		}

		@Override
		public String toString() {
			return this.description;
		}

	}

	static List<Credentials> credentials() {
		return List.of(new Credentials("no token", () -> null, UNAUTHENTICATED),
				new Credentials("not a bearer token", () -> "Basic dXNlcjpwYXNz", UNAUTHENTICATED),
				new Credentials("bad static token", () -> "Bearer not-a-configured-token", UNAUTHENTICATED),
				new Credentials("forged JWT", () -> "Bearer " + jwt(JWKS.forged("workers", "alpha-runner")),
						UNAUTHENTICATED),
				new Credentials("expired JWT", () -> "Bearer " + jwt(JWKS.expired("workers", "alpha-runner")),
						UNAUTHENTICATED),
				new Credentials("JWT of wrong audience",
						() -> "Bearer " + jwt(JWKS.withAudience("workers", "alpha-runner", "vault")), UNAUTHENTICATED),
				new Credentials("JWT of wrong issuer",
						() -> "Bearer " + jwt(JWKS.withIssuer("workers", "alpha-runner", "https://evil.example")),
						UNAUTHENTICATED),
				new Credentials("static token of another group", () -> "Bearer " + BETA_TOKEN, FORBIDDEN),
				new Credentials("JWT of another group",
						() -> "Bearer " + jwt(JWKS.serviceAccountToken("workers", "beta-runner")), FORBIDDEN),
				new Credentials("JWT without grant",
						() -> "Bearer " + jwt(JWKS.serviceAccountToken("workers", "nobody")), FORBIDDEN),
				new Credentials("valid static token", () -> "Bearer " + ALPHA_TOKEN, null),
				new Credentials("valid static token from the file", () -> "Bearer " + BETA_TOKEN, null).forGroup(BETA),
				new Credentials("valid JWT by subject",
						() -> "Bearer " + jwt(JWKS.serviceAccountToken("workers", "alpha-runner")), null),
				new Credentials("valid JWT by namespace",
						() -> "Bearer " + jwt(JWKS.serviceAccountToken("ops", "admin")), null));
	}

	static Stream<Arguments> matrix() {
		List<Arguments> cases = new ArrayList<>();
		for (Credentials credentials : credentials()) {
			for (Endpoint endpoint : Endpoint.values()) {
				cases.add(Arguments.of(credentials, endpoint));
			}
		}
		return cases.stream();
	}

	@ParameterizedTest(name = "{0} x {1}")
	@MethodSource("matrix")
	void shouldAnswerAsTheCredentialsAllow(Credentials credentials, Endpoint endpoint) {
		String group = credentials.group();
		String taskToken = (endpoint == Endpoint.PROGRESS || endpoint == Endpoint.STATUS) ? takeTask(group) : null;
		if (endpoint == Endpoint.POLL) {
			this.emulator.schedule(group);
		}
		long upstreamCallsBefore = this.emulator.calls().received();

		EntityExchangeResult<byte[]> answer = call(endpoint, group, taskToken, credentials.authorization().get());

		if (credentials.refusal() == null) {
			assertThat(answer.getStatus().is2xxSuccessful()).as(answer.toString()).isTrue();
			return;
		}
		int status = credentials.refusal().equals(UNAUTHENTICATED) ? 401 : 403;
		assertThat(answer.getStatus().value()).as(answer.toString()).isEqualTo(status);
		assertThat(answer.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		String body = new String(answer.getResponseBodyContent(), java.nio.charset.StandardCharsets.UTF_8);
		assertThat(body).contains("\"type\":\"" + credentials.refusal() + "\"").contains("\"requestId\":");
		if (status == 401) {
			assertThat(answer.getResponseHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE))
				.startsWith("Bearer realm=\"worker-gateway\"");
		}
		assertThat(this.emulator.calls().received()).as("upstream calls").isEqualTo(upstreamCallsBefore);
	}

	private String takeTask(String group) {
		this.emulator.schedule(group);
		String taskToken = (String) new WorkerClient(this.port).takeTask(group).get("taskToken");
		// A bearer handle on the task: never logged either.
		SECRETS.add(taskToken);
		SECRETS.add(taskToken.substring(taskToken.lastIndexOf('.') + 1));
		return taskToken;
	}

	private EntityExchangeResult<byte[]> call(Endpoint endpoint, String group, @Nullable String taskToken,
			@Nullable String authorization) {
		String path;
		Map<String, ?> body;
		switch (endpoint) {
			case POLL -> {
				path = "/v1/tasks/poll";
				body = Map.of("workerGroup", group);
			}
			case PROGRESS -> {
				path = "/v1/tasks/progress";
				body = Map.of("taskToken", taskToken);
			}
			case STATUS -> {
				path = "/v1/tasks/status";
				body = Map.of("taskToken", taskToken, "taskStatus", "FINISHED");
			}
			default -> {
				path = "/v1/runners/heartbeat";
				body = Map.of("taskrunnerId", "runner-" + UUID.randomUUID(), "workerGroup", group);
			}
		}
		return this.gateway.post().uri(path).headers((headers) -> {
			if (authorization != null) {
				headers.set(HttpHeaders.AUTHORIZATION, authorization);
			}
			headers.set("Prefer", "wait=1");
		}).contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange().expectBody().returnResult();
	}

}
