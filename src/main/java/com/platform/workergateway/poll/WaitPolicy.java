package com.platform.workergateway.poll;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;

import org.jspecify.annotations.Nullable;

/**
 * Decides how long a poll waits: the worker's {@code Prefer: wait=N} (RFC 7240), capped
 * at the configured maximum, or the default wait plus jitter.
 */
class WaitPolicy {

	private final PollProperties properties;

	WaitPolicy(PollProperties properties) {
		this.properties = properties;
	}

	/**
	 * @param preferHeaders the values of the request's {@code Prefer} headers
	 * @return the wait, and whether the worker's preference was applied
	 */
	Wait decide(@Nullable List<String> preferHeaders) {
		OptionalLong requested = requestedWaitSeconds(preferHeaders);
		if (requested.isPresent()) {
			long capped = Math.min(requested.getAsLong(), this.properties.maxWait().toSeconds());
			return new Wait(Duration.ofSeconds(capped), true);
		}
		long jitterMillis = this.properties.waitJitter().toMillis();
		long jitter = (jitterMillis > 0) ? ThreadLocalRandom.current().nextLong(jitterMillis + 1) : 0;
		return new Wait(this.properties.defaultWait().plusMillis(jitter), false);
	}

	/**
	 * Reads {@code wait} among comma-separated preferences; an unreadable value is
	 * ignored, as RFC 7240 asks of preferences a server does not understand.
	 */
	static OptionalLong requestedWaitSeconds(@Nullable List<String> preferHeaders) {
		if (preferHeaders == null) {
			return OptionalLong.empty();
		}
		for (String header : preferHeaders) {
			for (String preference : header.split(",")) {
				String token = preference.split(";", 2)[0].trim();
				int equals = token.indexOf('=');
				if (equals > 0 && token.substring(0, equals).trim().toLowerCase(Locale.ROOT).equals("wait")) {
					String value = token.substring(equals + 1).trim().replace("\"", "");
					if (value.matches("[0-9]{1,9}")) {
						return OptionalLong.of(Long.parseLong(value));
					}
				}
			}
		}
		return OptionalLong.empty();
	}

	/**
	 * A decided wait.
	 *
	 * @param duration how long to wait
	 * @param preferenceApplied whether it came from the worker's {@code Prefer: wait}
	 */
	record Wait(Duration duration, boolean preferenceApplied) {

	}

}
