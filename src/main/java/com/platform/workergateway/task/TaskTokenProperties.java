package com.platform.workergateway.task;

import java.nio.file.Path;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Keys that sign task tokens. Every replica must have the same keys, so a token works on
 * any replica and after a restart.
 * <p>
 * Rotation: put the new key first (it signs), keep the previous one after it (it still
 * verifies) until tokens signed with it can no longer be in use, then remove it.
 *
 * @param keys signing keys, the first one signs; from properties or environment
 * @param keysFile a file of keys, one {@code <id>:<base64 secret>} per line, the first
 * one signs, e.g. a mounted Kubernetes Secret; used when {@code keys} is empty
 * @param allowEphemeralKey whether a random per-process key may be used when none is
 * configured: only for a single local process (the {@code local} profile), since tokens
 * would not survive a restart nor work on another replica
 */
@Validated
@ConfigurationProperties(prefix = "worker-gateway.task-token", ignoreUnknownFields = false)
public record TaskTokenProperties(@DefaultValue List<@Valid Key> keys, @Nullable Path keysFile,
		@DefaultValue("false") boolean allowEphemeralKey) {

	/**
	 * A signing key.
	 *
	 * @param id short public name of the key, carried in tokens to pick the key
	 * @param secret the key, base64, at least 32 bytes
	 */
	public record Key(@NotBlank @Pattern(regexp = "[A-Za-z0-9_-]{1,32}") String id, @NotBlank String secret) {

		@Override
		public String toString() {
			return "Key[id=" + this.id + ", secret=******]";
		}

	}

}
