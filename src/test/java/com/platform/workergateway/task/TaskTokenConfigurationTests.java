package com.platform.workergateway.task;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class TaskTokenConfigurationTests {

	private static final String SECRET = "dGVzdC1rZXktY3VycmVudC0wMTIzNDU2Nzg5YWJjZGVmZ2hpams=";

	private final ApplicationContextRunner context = new ApplicationContextRunner()
		.withUserConfiguration(TaskTokenConfiguration.class, Properties.class);

	@EnableConfigurationProperties(TaskTokenProperties.class)
	static class Properties {

	}

	@Test
	void shouldRefuseToStartWithoutAKey() {
		this.context.run((context) -> assertThat(context).hasFailed()
			.getFailure()
			.rootCause()
			.hasMessageContaining("No task-token key is configured"));
	}

	@Test
	void shouldStartWithAnEphemeralKeyOnlyWhenAllowed() {
		this.context.withPropertyValues("worker-gateway.task-token.allow-ephemeral-key=true")
			.run((context) -> assertThat(context).hasSingleBean(TaskTokenCodec.class));
	}

	@Test
	void shouldRefuseAShortKey() {
		this.context
			.withPropertyValues("worker-gateway.task-token.keys[0].id=k1",
					"worker-gateway.task-token.keys[0].secret=c2hvcnQ=")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("at least 32"));
	}

	@Test
	void shouldReadKeysFromAMountedFileFirstLineSigning(@TempDir Path directory) throws Exception {
		Path file = directory.resolve("keys");
		Files.writeString(file, "# rotated 2026-11\nnew:" + SECRET + "\nold:" + SECRET + "\n");

		this.context.withPropertyValues("worker-gateway.task-token.keys-file=" + file).run((context) -> {
			TaskTokenCodec codec = context.getBean(TaskTokenCodec.class);
			assertThat(codec.encode(new TaskToken("wg", "t"))).startsWith("v2.new.");
		});
	}

	@Test
	void shouldNeverPrintTheSecret() {
		TaskTokenProperties.Key key = new TaskTokenProperties.Key("k1", SECRET);

		assertThat(key.toString()).doesNotContain(SECRET);
	}

}
