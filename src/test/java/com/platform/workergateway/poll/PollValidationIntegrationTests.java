package com.platform.workergateway.poll;

import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import java.util.stream.Stream;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import com.platform.workergateway.emulator.EmulatorDataPipeline;
import com.platform.workergateway.support.GatewayIntegrationTest;
import com.platform.workergateway.support.WorkerClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every way a poll can break the contract gets a 400 problem and reaches no upstream.
 */
@GatewayIntegrationTest
class PollValidationIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	EmulatorDataPipeline emulator;

	private WebTestClient gateway;

	@BeforeEach
	void setUp() {
		this.emulator.reset();
		this.gateway = WebTestClient.bindToServer()
			.baseUrl("http://localhost:" + this.port)
			.defaultHeader(HttpHeaders.AUTHORIZATION, WorkerClient.DEV_AUTHORIZATION)
			.responseTimeout(Duration.ofSeconds(10))
			.build();
	}

	static Stream<Arguments> invalidPolls() {
		String over1024 = "g".repeat(1025);
		return Stream.of(Arguments.of("workerGroup missing", "{}"),
				Arguments.of("workerGroup null", "{\"workerGroup\":null}"),
				Arguments.of("workerGroup empty", "{\"workerGroup\":\"\"}"),
				Arguments.of("workerGroup too long", "{\"workerGroup\":\"" + over1024 + "\"}"),
				Arguments.of("workerGroup control character", "{\"workerGroup\":\"a\\u0007b\"}"),
				Arguments.of("workerGroup unpaired surrogate", "{\"workerGroup\":\"a\\ud800b\"}"),
				Arguments.of("workerGroup non-character", "{\"workerGroup\":\"a\\uffffb\"}"),
				Arguments.of("workerGroup number", "{\"workerGroup\":42}"),
				Arguments.of("workerGroup boolean", "{\"workerGroup\":true}"),
				Arguments.of("workerGroup object", "{\"workerGroup\":{\"a\":1}}"),
				Arguments.of("workerGroup array", "{\"workerGroup\":[\"a\"]}"),
				Arguments.of("hostname empty", "{\"workerGroup\":\"wg\",\"hostname\":\"\"}"),
				Arguments.of("hostname too long", "{\"workerGroup\":\"wg\",\"hostname\":\"" + over1024 + "\"}"),
				Arguments.of("hostname control character", "{\"workerGroup\":\"wg\",\"hostname\":\"h\\u0000\"}"),
				Arguments.of("instanceIdentity not an object", "{\"workerGroup\":\"wg\",\"instanceIdentity\":\"x\"}"),
				Arguments.of("instanceIdentity.document too long",
						"{\"workerGroup\":\"wg\",\"instanceIdentity\":{\"document\":\"" + over1024 + "\"}}"),
				Arguments.of("instanceIdentity.signature control character",
						"{\"workerGroup\":\"wg\",\"instanceIdentity\":{\"signature\":\"\\u001b\"}}"),
				Arguments.of("duplicate key", "{\"workerGroup\":\"a\",\"workerGroup\":\"b\"}"),
				Arguments.of("malformed JSON", "{\"workerGroup\":"), Arguments.of("not JSON", "workerGroup=wg"),
				Arguments.of("JSON array", "[\"wg\"]"), Arguments.of("JSON string", "\"wg\""),
				Arguments.of("empty body", ""));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("invalidPolls")
	void shouldAnswerInvalidRequestProblemAndCallNoUpstream(String description, String body) {
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
			.isEqualTo("urn:worker-gateway:problem:invalid-request")
			.jsonPath("$.status")
			.isEqualTo(400)
			.jsonPath("$.detail")
			.isNotEmpty()
			.jsonPath("$.requestId")
			.isNotEmpty();

		assertThat(this.emulator.calls().received()).isZero();
	}

}
