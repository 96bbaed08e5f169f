package com.platform.workergateway.task;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class KeyRingFileTests {

	private static final Path FILE = Path.of("/etc/worker-gateway-secrets/task-token/keys");

	private static final String SECRET = "dGVzdC1rZXktY3VycmVudC0wMTIzNDU2Nzg5YWJjZGVmZ2hpams=";

	@Test
	void shouldReadKeysInOrderSkippingCommentsAndBlankLines() {
		List<SigningKey> keys = KeyRingFile.parse(FILE, "# rotated\n\nnew:" + SECRET + "\r\nold: " + SECRET + "\n");

		assertThat(keys).extracting(SigningKey::id).containsExactly("new", "old");
	}

	@Test
	void shouldRefuseAnEmptyRing() {
		assertThatIllegalStateException().isThrownBy(() -> KeyRingFile.parse(FILE, "# nothing\n\n"))
			.withMessageContaining("no key");
	}

	@Test
	void shouldRefuseALineWithoutIdNamingTheLineButNotTheContent() {
		assertThatIllegalStateException().isThrownBy(() -> KeyRingFile.parse(FILE, "k1:" + SECRET + "\n" + SECRET))
			.withMessageContaining("at line 2: expected <id>:<base64 secret>")
			.withMessageNotContaining(SECRET);
	}

	@Test
	void shouldRefuseAShortOrNonBase64Secret() {
		assertThatIllegalStateException().isThrownBy(() -> KeyRingFile.parse(FILE, "k1:c2hvcnQ="))
			.withMessageContaining("at line 1")
			.withMessageContaining("at least 32");
		assertThatIllegalStateException().isThrownBy(() -> KeyRingFile.parse(FILE, "k1:not base64 at all!"))
			.withMessageContaining("at line 1")
			.withMessageNotContaining("not base64 at all");
	}

	@Test
	void shouldRefuseADuplicateOrMalformedId() {
		assertThatIllegalStateException().isThrownBy(() -> KeyRingFile.parse(FILE, "k1:" + SECRET + "\nk1:" + SECRET))
			.withMessageContaining("key id 'k1' appears twice");
		assertThatIllegalStateException().isThrownBy(() -> KeyRingFile.parse(FILE, "k 1:" + SECRET))
			.withMessageContaining("key id must match");
	}

}
