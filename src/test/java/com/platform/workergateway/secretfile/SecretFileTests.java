package com.platform.workergateway.secretfile;

import java.nio.file.Path;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class SecretFileTests {

	private final MeterRegistry registry = new SimpleMeterRegistry();

	@TempDir
	Path directory;

	@Test
	void shouldApplyANewContentPublishedBySwappingTheDataLink() {
		KubernetesSecretVolume volume = volume("one");
		SecretFile<String> file = open(volume);

		volume.update(Map.of("value", "two"));
		file.check();

		assertThat(file.get()).isEqualTo("TWO");
		assertThat(reloads("applied")).isEqualTo(1);
		assertThat(stale()).isZero();
	}

	@Test
	void shouldDoNothingWhileTheContentIsUnchanged() {
		KubernetesSecretVolume volume = volume("one");
		SecretFile<String> file = open(volume);

		volume.update(Map.of("value", "one"));
		file.check();
		file.check();

		assertThat(reloads("applied")).isZero();
		assertThat(reloads("refused")).isZero();
	}

	@Test
	void shouldKeepThePreviousContentWhenTheNewOneIsRefusedAndCountItOnce() {
		KubernetesSecretVolume volume = volume("one");
		SecretFile<String> file = open(volume);

		volume.update(Map.of("value", "bad"));
		file.check();
		file.check();

		assertThat(file.get()).isEqualTo("ONE");
		assertThat(reloads("refused")).isEqualTo(1);
		assertThat(stale()).isOne();

		volume.update(Map.of("value", "three"));
		file.check();

		assertThat(file.get()).isEqualTo("THREE");
		assertThat(stale()).isZero();
	}

	@Test
	void shouldKeepThePreviousContentWhenTheFileDisappears() {
		KubernetesSecretVolume volume = volume("one");
		SecretFile<String> file = open(volume);

		volume.update(Map.of("other", "x"));
		file.check();

		assertThat(file.get()).isEqualTo("ONE");
		assertThat(reloads("refused")).isEqualTo(1);
	}

	@Test
	void shouldFailAtStartWhenTheFirstContentIsNotValid() {
		KubernetesSecretVolume volume = volume("bad");

		assertThatIllegalStateException().isThrownBy(() -> open(volume)).withMessage("not valid at line 1");
	}

	private KubernetesSecretVolume volume(String value) {
		KubernetesSecretVolume volume = new KubernetesSecretVolume(this.directory);
		volume.update(Map.of("value", value));
		return volume;
	}

	private SecretFile<String> open(KubernetesSecretVolume volume) {
		return new SecretFile<>("test-file", volume.file("value"), SecretFileTests::parse, (value) -> "a value",
				this.registry);
	}

	private static String parse(String text) {
		if (text.equals("bad")) {
			throw new IllegalStateException("not valid at line 1");
		}
		return text.toUpperCase(java.util.Locale.ROOT);
	}

	private double reloads(String outcome) {
		return this.registry.get("worker_gateway_secret_file_reloads_total")
			.tag("file", "test-file")
			.tag("outcome", outcome)
			.counter()
			.count();
	}

	private double stale() {
		return this.registry.get("worker_gateway_secret_file_stale").tag("file", "test-file").gauge().value();
	}

}
