package com.platform.workergateway.task;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.platform.workergateway.secretfile.SecretFile;
import com.platform.workergateway.secretfile.SecretFiles;

/**
 * Builds the task-token key ring from configuration, and refuses to start without a key
 * unless an ephemeral one is explicitly allowed. A key ring file is re-read when it
 * changes (a rotated Secret), and a new content that is not a valid key ring is refused.
 */
@Configuration(proxyBeanMethods = false)
class TaskTokenConfiguration {

	private static final Log logger = LogFactory.getLog(TaskTokenConfiguration.class);

	@Bean
	TaskTokenCodec taskTokenCodec(TaskTokenProperties properties, SecretFiles secretFiles) {
		if (!properties.keys().isEmpty()) {
			return new TaskTokenCodec(
					properties.keys().stream().map((key) -> SigningKey.fromBase64(key.id(), key.secret())).toList());
		}
		Path file = properties.keysFile();
		if (file != null) {
			SecretFile<List<SigningKey>> ring = secretFiles.open("task-token-keys", file,
					(text) -> KeyRingFile.parse(file, text), (keys) -> keys.size() + " key(s) "
							+ keys.stream().map(SigningKey::id).toList() + ", " + keys.get(0).id() + " signs");
			return new TaskTokenCodec(ring);
		}
		if (!properties.allowEphemeralKey()) {
			throw new IllegalStateException("No task-token key is configured: set worker-gateway.task-token.keys"
					+ " or worker-gateway.task-token.keys-file (the same on every replica); a random"
					+ " per-process key would break tokens across replicas and restarts");
		}
		logger.warn("Signing task tokens with a random per-process key (worker-gateway.task-token"
				+ ".allow-ephemeral-key): tokens will not survive a restart; never use this with replicas");
		byte[] secret = new byte[SigningKey.MIN_BYTES];
		new SecureRandom().nextBytes(secret);
		return new TaskTokenCodec(List.of(new SigningKey("ephemeral", secret)));
	}

}
