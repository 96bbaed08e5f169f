package com.platform.workergateway.security;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Flux;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import com.platform.workergateway.emulator.EmulatorDataPipeline;
import com.platform.workergateway.support.WorkerClient;
import com.platform.workergateway.web.ProblemType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Oversized, deep, malformed and slow requests are refused cheaply, answered as problems
 * where HTTP allows, and never reach Data Pipeline; answers carry the security headers of
 * a JSON API; Actuator is not on the API port.
 */
class HostileInputIntegrationTests extends SecurityIntegrationTest {

	private static final int CAP = 256 * 1024;

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@Autowired
	EmulatorDataPipeline emulator;

	private WebTestClient gateway;

	private long upstreamCallsBefore;

	@BeforeEach
	void setUp() {
		this.gateway = WebTestClient.bindToServer()
			.baseUrl("http://localhost:" + this.port)
			.defaultHeader(HttpHeaders.AUTHORIZATION, WorkerClient.DEV_AUTHORIZATION)
			.responseTimeout(Duration.ofSeconds(20))
			.build();
		this.upstreamCallsBefore = this.emulator.calls().received();
	}

	@Test
	void shouldRefuseDeclaredOversizedBodyBeforeReadingIt() {
		String body = "{\"workerGroup\":\"" + "g".repeat(CAP) + "\"}";
		this.gateway.post()
			.uri("/v1/tasks/poll")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isEqualTo(413)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("urn:worker-gateway:problem:payload-too-large")
			.jsonPath("$.requestId")
			.isNotEmpty();
		assertNoUpstreamCall();
	}

	@Test
	void shouldRefuseChunkedOversizedBodyAtTheCap() {
		byte[] chunk = "[[[[[[[[".repeat(1024).getBytes(StandardCharsets.US_ASCII);
		Flux<DataBuffer> body = Flux.range(0, (CAP / chunk.length) + 8)
			.map((i) -> DefaultDataBufferFactory.sharedInstance.wrap(chunk));
		this.gateway.post()
			.uri("/v1/tasks/status")
			.contentType(MediaType.APPLICATION_JSON)
			.body(body, DataBuffer.class)
			.exchange()
			.expectStatus()
			.isEqualTo(413)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("urn:worker-gateway:problem:payload-too-large");
		assertNoUpstreamCall();
	}

	@ParameterizedTest
	@ValueSource(strings = { "deep", "long-string", "long-number", "long-name", "bad-utf8", "raw-control",
			"escaped-surrogate" })
	void shouldAnswerInvalidRequestToHostileJson(String kind) {
		byte[] body = switch (kind) {
			case "deep" -> ("{\"workerGroup\":\"g\",\"x\":" + "[".repeat(5000) + "]".repeat(5000) + "}")
				.getBytes(StandardCharsets.UTF_8);
			case "long-string" ->
				("{\"workerGroup\":\"" + "g".repeat(200_000) + "\"}").getBytes(StandardCharsets.UTF_8);
			case "long-number" ->
				("{\"workerGroup\":\"g\",\"x\":" + "9".repeat(10_000) + "}").getBytes(StandardCharsets.UTF_8);
			case "long-name" ->
				("{\"workerGroup\":\"g\",\"" + "n".repeat(10_000) + "\":1}").getBytes(StandardCharsets.UTF_8);
			case "bad-utf8" -> concat("{\"workerGroup\":\"g", new byte[] { (byte) 0xC3, (byte) 0x28 }, "\"}");
			case "raw-control" -> concat("{\"workerGroup\":\"g", new byte[] { 0x07 }, "\"}");
			default -> "{\"workerGroup\":\"g\\udc00\"}".getBytes(StandardCharsets.UTF_8);
		};
		this.gateway.post()
			.uri("/v1/tasks/poll")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("urn:worker-gateway:problem:invalid-request");
		assertNoUpstreamCall();
	}

	@Test
	void shouldRefuseOversizedHeadersAndRequestLines() {
		this.gateway.post()
			.uri("/v1/tasks/poll")
			.header("X-Padding", "p".repeat(20 * 1024))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"workerGroup\":\"g\"}")
			.exchange()
			.expectStatus()
			.isEqualTo(431);
		this.gateway.post()
			.uri("/v1/tasks/poll?padding=" + "p".repeat(5 * 1024))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"workerGroup\":\"g\"}")
			.exchange()
			.expectStatus()
			.isEqualTo(414);
		assertNoUpstreamCall();
	}

	@Test
	void shouldIgnoreUnknownMembersForForwardCompatibility() {
		String group = "unknown-members-" + UUID.randomUUID();
		this.emulator.schedule(group);
		this.gateway.post()
			.uri("/v1/tasks/poll")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"workerGroup\":\"" + group + "\",\"futureMember\":{\"a\":[1,2]}}")
			.exchange()
			.expectStatus()
			.isOk();
	}

	@Test
	void shouldSendSecurityHeadersOnAnswersAndRefusals() {
		for (String authorization : new String[] { WorkerClient.DEV_AUTHORIZATION, "Bearer wrong" }) {
			this.gateway.post()
				.uri("/v1/runners/heartbeat")
				.header(HttpHeaders.AUTHORIZATION, authorization)
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue("{\"taskrunnerId\":\"runner-" + UUID.randomUUID() + "\"}")
				.exchange()
				.expectHeader()
				.valueEquals("X-Content-Type-Options", "nosniff")
				.expectHeader()
				.valueEquals("X-Frame-Options", "DENY")
				.expectHeader()
				.valueEquals("Referrer-Policy", "no-referrer")
				.expectHeader()
				.valueEquals("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'")
				.expectHeader()
				.value(HttpHeaders.CACHE_CONTROL, (value) -> assertThat(value).contains("no-store"));
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "/actuator", "/actuator/health", "/actuator/health/readiness", "/actuator/info",
			"/actuator/prometheus", "/actuator/env", "/actuator/beans", "/actuator/configprops", "/actuator/heapdump" })
	void shouldServeNoActuatorEndpointOnTheApiPort(String path) {
		this.gateway.get().uri(path).exchange().expectStatus().isNotFound();
		WebTestClient.bindToServer()
			.baseUrl("http://localhost:" + this.port)
			.build()
			.get()
			.uri(path)
			.exchange()
			.expectStatus()
			.value((status) -> assertThat(status).isIn(401, 404));
	}

	@ParameterizedTest
	@ValueSource(strings = { "/actuator/health/liveness", "/actuator/health/readiness", "/actuator/info",
			"/actuator/prometheus" })
	void shouldServeManagementEndpointsWithoutToken(String path) {
		WebTestClient.bindToServer()
			.baseUrl("http://localhost:" + this.managementPort)
			.build()
			.get()
			.uri(path)
			.exchange()
			.expectStatus()
			.isOk();
	}

	@ParameterizedTest
	@ValueSource(strings = { "/actuator/env", "/actuator/beans", "/actuator/heapdump", "/actuator/shutdown" })
	void shouldExposeNothingElseOnTheManagementPort(String path) {
		WebTestClient.bindToServer()
			.baseUrl("http://localhost:" + this.managementPort)
			.defaultHeader(HttpHeaders.AUTHORIZATION, WorkerClient.DEV_AUTHORIZATION)
			.build()
			.get()
			.uri(path)
			.exchange()
			.expectStatus()
			.isNotFound();
	}

	@Test
	void shouldAnswerRequestTimeoutToAClientThatStopsSendingItsBody() throws IOException {
		try (Socket socket = new Socket("localhost", this.port)) {
			socket.setSoTimeout(15_000);
			OutputStream out = socket.getOutputStream();
			out.write(head(100).getBytes(StandardCharsets.US_ASCII));
			out.write("{\"workerGr".getBytes(StandardCharsets.US_ASCII));
			out.flush();
			long start = System.nanoTime();

			String answer = readToClose(socket.getInputStream());

			// body-idle-timeout is 2 s in the test profile.
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
			expectRequestTimeout(answer);
		}
		assertNoUpstreamCall();
	}

	@Test
	void shouldAnswerRequestTimeoutToAClientThatDripsItsBody() throws IOException, InterruptedException {
		try (Socket socket = new Socket("localhost", this.port)) {
			socket.setSoTimeout(200);
			OutputStream out = socket.getOutputStream();
			out.write(head(1000).getBytes(StandardCharsets.US_ASCII));
			out.flush();
			long start = System.nanoTime();
			StringBuilder answer = new StringBuilder();
			boolean closed = false;
			// One byte every 800 ms stays under body-idle-timeout (2 s), but
			// body-read-timeout (3 s) bounds the whole body.
			for (int i = 0; i < 15 && !closed; i++) {
				try {
					out.write(' ');
					out.flush();
				}
				catch (IOException ex) {
					// The server answered and closed; read what it said.
				}
				closed = readAvailable(socket.getInputStream(), answer);
				Thread.sleep(800);
			}

			assertThat(closed).isTrue();
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
			expectRequestTimeout(answer.toString());
		}
		assertNoUpstreamCall();
	}

	private static void expectRequestTimeout(String answer) {
		assertThat(answer).startsWith("HTTP/1.1 408 ");
		assertThat(answer).containsIgnoringCase("content-type: application/problem+json");
		assertThat(answer).contains("\"type\":\"" + ProblemType.REQUEST_TIMEOUT.type() + "\"");
		assertThat(answer).containsIgnoringCase("connection: close");
	}

	/**
	 * Reads what the server sent until it closes the connection or nothing comes for a
	 * moment.
	 * @return whether the server closed the connection
	 */
	private static boolean readAvailable(InputStream in, StringBuilder answer) {
		byte[] buffer = new byte[4096];
		try {
			int read;
			while ((read = in.read(buffer)) != -1) {
				answer.append(new String(buffer, 0, read, StandardCharsets.UTF_8));
			}
			return true;
		}
		catch (SocketTimeoutException ex) {
			return false;
		}
		catch (IOException ex) {
			// reset by the server: closed too
			return true;
		}
	}

	private static String readToClose(InputStream in) {
		StringBuilder answer = new StringBuilder();
		if (!readAvailable(in, answer)) {
			throw new AssertionError("The server kept the connection open; it sent: " + answer);
		}
		return answer.toString();
	}

	private String head(int contentLength) {
		return "POST /v1/tasks/poll HTTP/1.1\r\nHost: localhost:" + this.port + "\r\nAuthorization: "
				+ WorkerClient.DEV_AUTHORIZATION + "\r\nContent-Type: application/json\r\nContent-Length: "
				+ contentLength + "\r\n\r\n";
	}

	private static byte[] concat(String head, byte[] middle, String tail) {
		byte[] start = head.getBytes(StandardCharsets.UTF_8);
		byte[] end = tail.getBytes(StandardCharsets.UTF_8);
		byte[] all = new byte[start.length + middle.length + end.length];
		System.arraycopy(start, 0, all, 0, start.length);
		System.arraycopy(middle, 0, all, start.length, middle.length);
		System.arraycopy(end, 0, all, start.length + middle.length, end.length);
		return all;
	}

	private void assertNoUpstreamCall() {
		assertThat(this.emulator.calls().received()).as("upstream calls").isEqualTo(this.upstreamCallsBefore);
	}

}
