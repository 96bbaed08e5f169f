package com.platform.workergateway.task;

import java.io.IOException;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Builds the task-token key ring from configuration, and refuses to start without a key
 * unless an ephemeral one is explicitly allowed.
 */
@Configuration(proxyBeanMethods = false)
class TaskTokenConfiguration {

	private static final Log logger = LogFactory.getLog(TaskTokenConfiguration.class);

	@Bean
	TaskTokenCodec taskTokenCodec(TaskTokenProperties properties) throws IOException {
		List<SigningKey> keys = configuredKeys(properties);
		if (keys.isEmpty()) {
			if (!properties.allowEphemeralKey()) {
				throw new IllegalStateException("No task-token key is configured: set worker-gateway.task-token.keys"
						+ " or worker-gateway.task-token.keys-file (the same on every replica); a random"
						+ " per-process key would break tokens across replicas and restarts");
			}
			logger.warn("Signing task tokens with a random per-process key (worker-gateway.task-token"
					+ ".allow-ephemeral-key): tokens will not survive a restart; never use this with replicas");
			byte[] secret = new byte[SigningKey.MIN_BYTES];
			new SecureRandom().nextBytes(secret);
			keys = List.of(new SigningKey("ephemeral", secret));
		}
		return new TaskTokenCodec(keys);
	}

	private static List<SigningKey> configuredKeys(TaskTokenProperties properties) throws IOException {
		List<SigningKey> keys = new ArrayList<>();
		properties.keys().forEach((key) -> keys.add(SigningKey.fromBase64(key.id(), key.secret())));
		if (keys.isEmpty() && properties.keysFile() != null) {
			for (String line : Files.readAllLines(properties.keysFile())) {
				int colon = line.indexOf(':');
				if (!line.isBlank() && !line.startsWith("#")) {
					if (colon < 1) {
						throw new IllegalStateException(
								"Malformed line in " + properties.keysFile() + ": expected <id>:<base64 secret>");
					}
					keys.add(SigningKey.fromBase64(line.substring(0, colon).trim(), line.substring(colon + 1)));
				}
			}
		}
		return keys;
	}

}
