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
import com.platform.workergateway.web.ProblemType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The OpenAPI document the gateway serves is the one committed as
 * {@code docs/openapi.json}. After an intended API change, regenerate it with
 * {@code ./mvnw test -Dtest=OpenApiDocumentTests -Dopenapi.regenerate=true}: that run
 * rewrites the file and still fails, so a drift is never regenerated and passed in one
 * step; review the diff, then run the test again without the property.
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
		JsonNode committedTree = this.json.readTree(Files.readString(COMMITTED));

		assertThat(servedTree.path("openapi").asString()).isEqualTo("3.1.0");
		if (!servedTree.equals(committedTree) && Boolean.getBoolean("openapi.regenerate")) {
			Files.writeString(COMMITTED,
					this.json.writerWithDefaultPrettyPrinter().writeValueAsString(servedTree) + "\n");
			fail("%s differed from the served document and was rewritten: review the diff, then run again"
					+ " without -Dopenapi.regenerate", COMMITTED);
		}
		assertThat(servedTree)
			.as("served OpenAPI document differs from %s; regenerate it with -Dopenapi.regenerate=true", COMMITTED)
			.isEqualTo(committedTree);
	}

	@Test
	void shouldDescribeProblemsPreferAndNoContent() throws Exception {
		JsonNode document = this.json.readTree(Files.readString(COMMITTED));
		JsonNode poll = document.at("/paths/~1v1~1tasks~1poll/post");

		assertThat(poll.at("/responses/204").isMissingNode()).isFalse();
		assertThat(poll.at("/responses/204/content").isMissingNode()).as("a 204 has no body").isTrue();
		assertThat(poll.at("/parameters/0/name").asString()).isEqualTo("Prefer");
		for (String path : new String[] { "poll", "progress", "status" }) {
			JsonNode operation = document.at("/paths/~1v1~1tasks~1" + path + "/post");
			for (String status : new String[] { "400", "401", "403", "408", "413", "415", "429", "500", "502", "503",
					"504" }) {
				assertThat(operation.at("/responses/" + status + "/content/application~1problem+json").isMissingNode())
					.as("%s %s", path, status)
					.isFalse();
			}
		}
		assertThat(poll.at("/responses/408/description").asString())
			.contains(ProblemType.REQUEST_TIMEOUT.type().toString());
		assertThat(poll.at("/responses/404").isMissingNode()).as("a poll names no task").isTrue();
		JsonNode status = document.at("/paths/~1v1~1tasks~1status/post");
		assertThat(status.at("/responses/404/description").asString())
			.contains(ProblemType.TASK_NOT_FOUND.type().toString());
		assertThat(status.at("/responses/410/description").asString())
			.contains(ProblemType.PIPELINE_DELETED.type().toString());
		assertThat(status.at("/responses/204/content").isMissingNode()).isTrue();
		assertThat(poll.at("/responses/429/headers/Retry-After").isMissingNode()).isFalse();
		assertThat(document.at("/paths/~1v1~1tasks~1status/post/responses/204").isMissingNode()).isFalse();
		assertThat(document.at("/components/schemas/Problem/properties/type/enum").toString())
			.contains("urn:worker-gateway:problem:upstream-unavailable");
	}

}
