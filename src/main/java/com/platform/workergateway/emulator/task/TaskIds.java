package com.platform.workergateway.emulator.task;

import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Generates ids that look like the service's: opaque, long, URL-safe.
 */
final class TaskIds {

	// AWS's example task id is an opaque ~1 KB token; 768 random bytes give 1024
	// characters, well inside the model's 2048 limit, so clients meet realistic sizes.
	private static final int TASK_ID_BYTES = 768;

	private static final String PIPELINE_ID_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

	private TaskIds() {
	}

	static String taskId() {
		byte[] bytes = new byte[TASK_ID_BYTES];
		// Not SecureRandom: ids only need to be unique and opaque here, and
		// ThreadLocalRandom
		// never touches /dev/urandom on an event loop.
		ThreadLocalRandom.current().nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	/**
	 * A pipeline id like {@code df-0937003356ZJEXAMPLE}.
	 */
	static String pipelineId() {
		StringBuilder id = new StringBuilder("df-");
		ThreadLocalRandom random = ThreadLocalRandom.current();
		for (int i = 0; i < 19; i++) {
			id.append(PIPELINE_ID_ALPHABET.charAt(random.nextInt(PIPELINE_ID_ALPHABET.length())));
		}
		return id.toString();
	}

}
