package com.platform.workergateway.secretfile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.FileSystemUtils;

import com.platform.workergateway.emulator.EmulatorDataPipeline;
import com.platform.workergateway.support.WorkerClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Worker tokens and task-token keys rotate under a running gateway: both files sit in
 * directories laid out and updated as the kubelet does for a mounted Secret; a new
 * content is in force within the check interval, with no restart, and a malformed one
 * changes nothing but an ERROR log and a metric.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "server.port=0", "management.server.port=0", "worker-gateway.emulator.enabled=true",
				"worker-gateway.emulator.port=0", "worker-gateway.emulator.poll-hold=2s",
				"worker-gateway.emulator.rate-limits.enabled=false", "worker-gateway.budget.enabled=false",
				"worker-gateway.emulator.credentials.access-key-id=AKIDTESTEMULATOR",
				"worker-gateway.emulator.credentials.secret-access-key=test-emulator-secret",
				"worker-gateway.upstream.static-credentials.access-key-id=AKIDTESTEMULATOR",
				"worker-gateway.upstream.static-credentials.secret-access-key=test-emulator-secret",
				"worker-gateway.poll.default-wait=3s", "worker-gateway.poll.wait-jitter=0s",
				"worker-gateway.secret-files.check-interval=200ms" })
@ExtendWith(OutputCaptureExtension.class)
class SecretFileRotationIntegrationTests {

	/** How long a change may take to be in force: the check interval, and then some. */
	private static final Duration WITHIN = Duration.ofSeconds(20);

	private static final String KEY_1 = "cm90YXRpb24tdGVzdC1rZXktb25lLTAxMjM0NTY3ODlhYmNkZWY=";

	private static final String KEY_2 = "cm90YXRpb24tdGVzdC1rZXktdHdvLTAxMjM0NTY3ODlhYmNkZWY=";

	private static final String ALPHA = "alpha-" + UUID.randomUUID();

	private static final String BETA = "beta-" + UUID.randomUUID();

	private static final Path ROOT = temporaryDirectory();

	private static final KubernetesSecretVolume TOKENS = volume("worker-tokens");

	private static final KubernetesSecretVolume KEYS = volume("task-token");

	@LocalServerPort
	int port;

	@Autowired
	EmulatorDataPipeline emulator;

	@Autowired
	MeterRegistry registry;

	@DynamicPropertySource
	static void secretFiles(DynamicPropertyRegistry registry) {
		TOKENS.update(Map.of("worker-tokens.yaml", tokens(ALPHA)));
		KEYS.update(Map.of("keys", "k1:" + KEY_1 + "\n"));
		registry.add("worker-gateway.security.static-tokens-file", () -> TOKENS.file("worker-tokens.yaml"));
		registry.add("worker-gateway.task-token.keys-file", () -> KEYS.file("keys"));
	}

	@AfterAll
	static void cleanUp() {
		FileSystemUtils.deleteRecursively(ROOT.toFile());
	}

	@Test
	void shouldRotateWorkerTokensWithoutARestartAndKeepThemWhenTheNewFileIsMalformed(CapturedOutput output) {
		WorkerClient alpha = new WorkerClient(this.port, ALPHA);
		WorkerClient beta = new WorkerClient(this.port, BETA);
		TOKENS.update(Map.of("worker-tokens.yaml", tokens(ALPHA)));
		Awaitility.await().atMost(WITHIN).untilAsserted(() -> {
			assertThat(heartbeat(alpha)).isEqualTo(HttpStatus.OK);
			assertThat(heartbeat(beta)).isEqualTo(HttpStatus.UNAUTHORIZED);
		});

		TOKENS.update(Map.of("worker-tokens.yaml", tokens(BETA)));

		Awaitility.await().atMost(WITHIN).untilAsserted(() -> {
			assertThat(heartbeat(beta)).isEqualTo(HttpStatus.OK);
			assertThat(heartbeat(alpha)).isEqualTo(HttpStatus.UNAUTHORIZED);
		});

		double refused = reloads("worker-tokens", "refused");
		TOKENS.update(Map.of("worker-tokens.yaml",
				"- name: broken\n  sha256: " + sha256(ALPHA).substring(1) + "\n  groups: ['*']\n"));

		Awaitility.await().atMost(WITHIN).until(() -> reloads("worker-tokens", "refused") > refused);
		assertThat(heartbeat(beta)).isEqualTo(HttpStatus.OK);
		assertThat(heartbeat(alpha)).isEqualTo(HttpStatus.UNAUTHORIZED);
		assertThat(stale("worker-tokens")).isOne();
		assertThat(output.getAll()).contains("Refused the new worker-tokens in")
			.contains("at entry 1: sha256 must be 64 hex digits")
			.doesNotContain(ALPHA, BETA, sha256(ALPHA), sha256(BETA), sha256(ALPHA).substring(1));
	}

	@Test
	void shouldRotateTaskTokenKeysWithoutARestartAndKeepThemWhenTheNewFileIsMalformed(CapturedOutput output) {
		WorkerClient worker = new WorkerClient(this.port, ALPHA);
		TOKENS.update(Map.of("worker-tokens.yaml", tokens(ALPHA) + tokens(BETA)));
		Awaitility.await().atMost(WITHIN).until(() -> heartbeat(worker) == HttpStatus.OK);
		String beforeRotation = taskToken(worker);

		// The new key first (it signs from now on), the previous one after it.
		KEYS.update(Map.of("keys", "k2:" + KEY_2 + "\nk1:" + KEY_1 + "\n"));
		Awaitility.await().atMost(WITHIN).until(() -> reloads("task-token-keys", "applied") >= 1);
		String afterRotation = taskToken(worker);
		assertThat(progress(worker, beforeRotation)).isEqualTo(HttpStatus.OK);

		// The previous key retired: what it signed is refused, what the new one signed is
		// not (so the new key did sign it).
		KEYS.update(Map.of("keys", "k2:" + KEY_2 + "\n"));
		Awaitility.await()
			.atMost(WITHIN)
			.untilAsserted(() -> assertThat(progress(worker, beforeRotation)).isEqualTo(HttpStatus.FORBIDDEN));
		assertThat(progress(worker, afterRotation)).isEqualTo(HttpStatus.OK);

		double refused = reloads("task-token-keys", "refused");
		KEYS.update(Map.of("keys", "k3:c2hvcnQ=\n"));

		Awaitility.await().atMost(WITHIN).until(() -> reloads("task-token-keys", "refused") > refused);
		assertThat(progress(worker, afterRotation)).isEqualTo(HttpStatus.OK);
		assertThat(stale("task-token-keys")).isOne();
		assertThat(output.getAll()).contains("Refused the new task-token-keys in")
			.contains("at line 1")
			.doesNotContain(KEY_1, KEY_2, "c2hvcnQ=");
	}

	private String taskToken(WorkerClient worker) {
		String group = "wg-" + UUID.randomUUID();
		this.emulator.schedule(group);
		return (String) worker.takeTask(group).get("taskToken");
	}

	private static HttpStatus progress(WorkerClient worker, String taskToken) {
		return HttpStatus.valueOf(worker.progress(taskToken).getStatusCode().value());
	}

	private static HttpStatus heartbeat(WorkerClient worker) {
		return HttpStatus.valueOf(worker.heartbeat(Map.of("taskrunnerId", "runner-1", "workerGroup", "wg-rotation"))
			.getStatusCode()
			.value());
	}

	private double reloads(String file, String outcome) {
		return this.registry.get("worker_gateway_secret_file_reloads_total")
			.tag("file", file)
			.tag("outcome", outcome)
			.counter()
			.count();
	}

	private double stale(String file) {
		return this.registry.get("worker_gateway_secret_file_stale").tag("file", file).gauge().value();
	}

	private static String tokens(String token) {
		return "- name: holder-" + token.substring(0, 4) + "\n  sha256: " + sha256(token) + "\n  groups: ['*']\n";
	}

	private static String sha256(String token) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static KubernetesSecretVolume volume(String name) {
		try {
			return new KubernetesSecretVolume(Files.createDirectories(ROOT.resolve(name)));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Path temporaryDirectory() {
		try {
			return Files.createTempDirectory("secret-file-rotation");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
