package com.platform.workergateway.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.AfterAll;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import com.platform.workergateway.support.GatewayIntegrationTest;
import com.platform.workergateway.support.WorkerClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway with every authentication mechanism on: the development token (all groups),
 * a static token for {@code alpha} from properties and one for {@code beta} from a
 * mounted file (lines format), and JWTs from an in-test JWKS with grants by subject and
 * by namespace. Whatever the gateway logs while these tests run is checked for secrets
 * after each test class.
 */
@GatewayIntegrationTest
// The more the gateway says, the more a leak would show.
@TestPropertySource(properties = { "logging.level.org.springframework.security=DEBUG",
		"logging.level.com.platform.workergateway=DEBUG" })
abstract class SecurityIntegrationTest {

	static final String ALPHA = "alpha";

	static final String BETA = "beta";

	static final String ALPHA_TOKEN = "alpha-static-7c1e9a3f5b2d4e6a8c0f1b3d5e7a9c2e";

	static final String BETA_TOKEN = "beta-static-2b4d6f8a0c1e3a5c7e9b1d3f5a7c9e0b";

	static final JwksServer JWKS;

	private static final String STATIC_TOKENS_FILE;

	/** Every token and key the gateway knows or was sent: none may be logged. */
	static final Set<String> SECRETS = ConcurrentHashMap.newKeySet();

	static {
		CapturedOutput.start();
		JWKS = JwksServer.start();
		SECRETS.addAll(List.of(WorkerClient.DEV_TOKEN, ALPHA_TOKEN, BETA_TOKEN, sha256(WorkerClient.DEV_TOKEN),
				sha256(ALPHA_TOKEN), sha256(BETA_TOKEN), "test-emulator-secret"));
		// The task-token keys of application-test.yml, as configured and decoded.
		for (String key : List.of("dGVzdC1rZXktY3VycmVudC0wMTIzNDU2Nzg5YWJjZGVmZ2hpams=",
				"dGVzdC1rZXktcHJldmlvdXMtMDEyMzQ1Njc4OWFiY2RlZmdoaWo=")) {
			SECRETS.add(key);
			SECRETS.add(new String(Base64.getDecoder().decode(key), StandardCharsets.UTF_8));
		}
		SECRETS.addAll(JWKS.secrets());
		STATIC_TOKENS_FILE = staticTokensFile();
	}

	@DynamicPropertySource
	static void securityProperties(DynamicPropertyRegistry registry) {
		String prefix = "worker-gateway.security.";
		registry.add(prefix + "static-tokens[0].name", () -> "test-worker");
		registry.add(prefix + "static-tokens[0].sha256", () -> sha256(WorkerClient.DEV_TOKEN));
		registry.add(prefix + "static-tokens[0].groups[0]", () -> "*");
		registry.add(prefix + "static-tokens[1].name", () -> "alpha-worker");
		registry.add(prefix + "static-tokens[1].sha256", () -> sha256(ALPHA_TOKEN));
		registry.add(prefix + "static-tokens[1].groups[0]", () -> ALPHA);
		registry.add(prefix + "static-tokens-file", () -> STATIC_TOKENS_FILE);
		registry.add(prefix + "jwt.issuer", () -> JwksServer.ISSUER);
		registry.add(prefix + "jwt.jwk-set-uri", JWKS::jwksUri);
		registry.add(prefix + "jwt.audiences[0]", () -> JwksServer.AUDIENCE);
		registry.add(prefix + "jwt.grants[0].subject", () -> "system:serviceaccount:workers:alpha-runner");
		registry.add(prefix + "jwt.grants[0].groups[0]", () -> ALPHA);
		registry.add(prefix + "jwt.grants[1].subject", () -> "system:serviceaccount:workers:beta-runner");
		registry.add(prefix + "jwt.grants[1].groups[0]", () -> BETA);
		registry.add(prefix + "jwt.grants[2].namespace", () -> "ops");
		registry.add(prefix + "jwt.grants[2].groups[0]", () -> "*");
	}

	/** A JWT made by the test: recorded as a secret. */
	static String jwt(String token) {
		SECRETS.add(token);
		SECRETS.add(token.substring(token.lastIndexOf('.') + 1));
		return token;
	}

	@AfterAll
	static void shouldHaveLoggedNoSecret() {
		String logged = CapturedOutput.text();
		List<String> found = new ArrayList<>();
		for (String secret : SECRETS) {
			if (logged.contains(secret)) {
				found.add(secret.substring(0, Math.min(6, secret.length())) + "...");
			}
		}
		assertThat(logged).as("captured log output").isNotEmpty();
		assertThat(found).as("secrets found in the log output").isEmpty();
	}

	static String sha256(String token) {
		return HexFormat.of().formatHex(StaticTokens.sha256(token));
	}

	private static String staticTokensFile() {
		try {
			Path file = Files.createTempFile("worker-tokens", ".txt");
			file.toFile().deleteOnExit();
			Files.writeString(file, "# name sha256 groups\n" + "beta-worker " + sha256(BETA_TOKEN) + " " + BETA + "\n");
			return file.toString();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
