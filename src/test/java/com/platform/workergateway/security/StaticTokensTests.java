package com.platform.workergateway.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Static tokens: matching by hash, and the three file formats.
 */
class StaticTokensTests {

	private static final String SHA_DEV = SecurityIntegrationTest.sha256("dev-token");

	private static final String SHA_OTHER = SecurityIntegrationTest.sha256("other-token");

	@TempDir
	Path directory;

	@Test
	void shouldMatchTheTokenWhoseHashIsConfigured() {
		StaticTokens tokens = new StaticTokens(
				List.of(new SecurityProperties.StaticToken("dev", SHA_DEV.toUpperCase(), List.of("*")),
						new SecurityProperties.StaticToken("other", SHA_OTHER, List.of("etl", "reports"))));

		assertThat(tokens.match("dev-token")).satisfies((worker) -> {
			assertThat(worker.getName()).isEqualTo("dev");
			assertThat(worker.allows("anything")).isTrue();
		});
		assertThat(tokens.match("other-token")).satisfies((worker) -> {
			assertThat(worker.allows("etl")).isTrue();
			assertThat(worker.allows("ETL")).isFalse();
			assertThat(worker.allows("*")).isFalse();
		});
		assertThat(tokens.match("dev-token ")).isNull();
		assertThat(tokens.match(SHA_DEV)).isNull();
		assertThat(tokens.match("")).isNull();
	}

	@Test
	void shouldReadTheLinesFormat() throws IOException {
		Path file = write("tokens", "# comment\n\nalpha " + SHA_DEV + " alpha,beta\n  other\t" + SHA_OTHER + " *\n");

		assertThat(StaticTokensFile.read(file)).containsExactly(
				new SecurityProperties.StaticToken("alpha", SHA_DEV, List.of("alpha", "beta")),
				new SecurityProperties.StaticToken("other", SHA_OTHER, List.of("*")));
	}

	@Test
	void shouldReadTheYamlFormat() throws IOException {
		Path file = write("tokens.yaml", "tokens:\n  - name: alpha\n    sha256: " + SHA_DEV
				+ "\n    groups: [\"group with spaces, and a comma\"]\n");

		assertThat(StaticTokensFile.read(file)).containsExactly(
				new SecurityProperties.StaticToken("alpha", SHA_DEV, List.of("group with spaces, and a comma")));
	}

	@Test
	void shouldReadTheJsonFormat() throws IOException {
		Path file = write("tokens.json", "[{\"name\":\"admin\",\"sha256\":\"" + SHA_DEV + "\",\"groups\":[\"*\"]}]");

		assertThat(StaticTokensFile.read(file))
			.containsExactly(new SecurityProperties.StaticToken("admin", SHA_DEV, List.of("*")));
	}

	@Test
	void shouldRefuseAPlaintextTokenWithoutEchoingIt() throws IOException {
		Path file = write("tokens", "alpha my-plaintext-secret-token alpha\n");

		assertThatIllegalStateException().isThrownBy(() -> StaticTokensFile.read(file))
			.withMessageContaining("line 1")
			.withMessageContaining("sha256 must be 64 hex digits")
			.withMessageNotContaining("my-plaintext-secret-token");
	}

	@Test
	void shouldRefuseAMalformedLine() throws IOException {
		Path file = write("tokens", "alpha " + SHA_DEV + "\n");

		assertThatIllegalStateException().isThrownBy(() -> StaticTokensFile.read(file)).withMessageContaining("line 1");
	}

	@Test
	void shouldNotPrintHashesInToString() {
		assertThat(new SecurityProperties.StaticToken("alpha", SHA_DEV, List.of("a")).toString())
			.doesNotContain(SHA_DEV);
	}

	@Test
	void shouldTellJwtsFromStaticTokens() {
		assertThat(WorkerAuthenticationManager.looksLikeJwt("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln")).isTrue();
		assertThat(WorkerAuthenticationManager.looksLikeJwt("dev-token")).isFalse();
		assertThat(WorkerAuthenticationManager.looksLikeJwt("eyJ.only-one-dot")).isFalse();
	}

	private Path write(String name, String content) throws IOException {
		return Files.writeString(this.directory.resolve(name), content);
	}

}
