package com.platform.workergateway.task;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import com.platform.workergateway.secretfile.SecretFileProperties;
import com.platform.workergateway.secretfile.SecretFiles;

import static org.assertj.core.api.Assertions.assertThat;

class TaskTokenConfigurationTests {

	private static final String SECRET = "dGVzdC1rZXktY3VycmVudC0wMTIzNDU2Nzg5YWJjZGVmZ2hpams=";

	private final ApplicationContextRunner context = new ApplicationContextRunner()
		.withUserConfiguration(TaskTokenConfiguration.class, Properties.class)
		.withBean(SecretFiles.class,
				() -> new SecretFiles(new SecretFileProperties(Duration.ofSeconds(10)), new SimpleMeterRegistry()));

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
	void shouldRefuseToStartWithAKeyRingFileThatIsNotValid(@TempDir Path directory) throws Exception {
		Path file = directory.resolve("keys");
		Files.writeString(file, "k1:" + SECRET + "\nk1:" + SECRET + "\n");

		this.context.withPropertyValues("worker-gateway.task-token.keys-file=" + file)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("at line 2: key id 'k1' appears twice")
				.message()
				.doesNotContain(SECRET));
	}

	@Test
	void shouldNeverPrintTheSecret() {
		TaskTokenProperties.Key key = new TaskTokenProperties.Key("k1", SECRET);

		assertThat(key.toString()).doesNotContain(SECRET);
	}

}
