package com.platform.workergateway.apidoc;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.reactive.function.client.WebClient;

import com.platform.workergateway.support.GatewayIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI document the gateway serves is the one committed as
 * {@code docs/openapi.json}. After an intended API change, regenerate it with
 * {@code ./mvnw test -Dtest=OpenApiDocumentTests -Dopenapi.regenerate=true}.
 */
@GatewayIntegrationTest
class OpenApiDocumentTests {

	private static final Path COMMITTED = Path.of("docs/openapi.json");

	private final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Test
	void shouldServeTheCommittedDocument() throws Exception {
		String served = WebClient.create("http://localhost:" + this.port)
			.get()
			.uri("/v3/api-docs")
			.retrieve()
			.bodyToMono(String.class)
			.block(Duration.ofSeconds(20));
		JsonNode servedTree = this.json.readTree(served);
		if (Boolean.getBoolean("openapi.regenerate")) {
			Files.writeString(COMMITTED,
					this.json.writerWithDefaultPrettyPrinter().writeValueAsString(servedTree) + "\n");
		}

		assertThat(servedTree.path("openapi").asString()).isEqualTo("3.1.0");
		assertThat(servedTree)
			.as("served OpenAPI document differs from %s; regenerate it with -Dopenapi.regenerate=true", COMMITTED)
			.isEqualTo(this.json.readTree(Files.readString(COMMITTED)));
	}

	@Test
	void shouldDescribeProblemsPreferAndNoContent() throws Exception {
		JsonNode document = this.json.readTree(Files.readString(COMMITTED));
		JsonNode poll = document.at("/paths/~1v1~1tasks~1poll/post");

		assertThat(poll.at("/responses/204")).isNotNull();
		assertThat(poll.at("/responses/204").isMissingNode()).isFalse();
		assertThat(poll.at("/parameters/0/name").asString()).isEqualTo("Prefer");
		for (String status : new String[] { "400", "401", "403", "413", "429", "500", "502", "503", "504" }) {
			assertThat(poll.at("/responses/" + status + "/content/application~1problem+json").isMissingNode())
				.as("poll %s", status)
				.isFalse();
		}
		assertThat(poll.at("/responses/429/headers/Retry-After").isMissingNode()).isFalse();
		assertThat(document.at("/paths/~1v1~1tasks~1status/post/responses/204").isMissingNode()).isFalse();
		assertThat(document.at("/components/schemas/Problem/properties/type/enum").toString())
			.contains("urn:worker-gateway:problem:upstream-unavailable");
	}

}
