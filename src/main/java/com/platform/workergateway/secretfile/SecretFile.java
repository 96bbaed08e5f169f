package com.platform.workergateway.secretfile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The parsed content of a secret file, re-read when the file's bytes change. A new
 * content is parsed (and so validated) before it replaces the current one; one that does
 * not parse, or a file that cannot be read, is refused with an ERROR log and a metric,
 * and the previous content stays in force.
 * <p>
 * The file is read by its path each time, so Kubernetes' update of a mounted Secret (the
 * files are symbolic links through {@code ..data}, a link swapped atomically to a new
 * directory) is seen like any other change. Logs name the file and what the parser says
 * (a line or entry number), never the content: parsers must not put secrets in their
 * messages.
 *
 * @param <T> the parsed content
 */
public final class SecretFile<T> implements Supplier<T> {

	private static final Log logger = LogFactory.getLog(SecretFile.class);

	private final String name;

	private final Path path;

	private final Function<String, T> parser;

	private final Function<T, String> summary;

	private final AtomicReference<T> current = new AtomicReference<>();

	private volatile byte[] appliedDigest;

	private volatile byte[] refusedDigest = new byte[0];

	private volatile boolean stale;

	private final Counter applied;

	private final Counter refused;

	/**
	 * Reads and parses the file once; a file that cannot be read or parsed here fails
	 * start-up.
	 * @param name short name of the file in logs and metrics, e.g. {@code worker-tokens}
	 * @param path the file
	 * @param parser parses (and validates) the content; throws when it is not valid, with
	 * a message that names where, never what
	 * @param summary what a content holds, for the log (no secrets)
	 * @param registry where the reload metrics go
	 */
	public SecretFile(String name, Path path, Function<String, T> parser, Function<T, String> summary,
			MeterRegistry registry) {
		this.name = name;
		this.path = path;
		this.parser = parser;
		this.summary = summary;
		byte[] bytes = read(path);
		this.current.set(parser.apply(new String(bytes, StandardCharsets.UTF_8)));
		this.appliedDigest = sha256(bytes);
		this.applied = reloads(registry, "applied");
		this.refused = reloads(registry, "refused");
		Gauge.builder("worker_gateway_secret_file_stale", () -> this.stale ? 1 : 0)
			.description("1 while the file's content was refused and an older one is in force")
			.tag("file", name)
			.register(registry);
	}

	private Counter reloads(MeterRegistry registry, String outcome) {
		return Counter.builder("worker_gateway_secret_file_reloads_total")
			.description("Changed secret files, applied or refused (the previous content then stays in force)")
			.tag("file", this.name)
			.tag("outcome", outcome)
			.register(registry);
	}

	/**
	 * @return the content in force
	 */
	@Override
	public T get() {
		return this.current.get();
	}

	String name() {
		return this.name;
	}

	/**
	 * Re-reads the file; applies a new content that parses, refuses one that does not.
	 * Blocking file I/O: call it from a thread of its own, never an event loop.
	 */
	void check() {
		byte[] bytes;
		try {
			bytes = Files.readAllBytes(this.path);
		}
		catch (IOException | RuntimeException ex) {
			refuse(new byte[] { 0 }, "cannot be read (" + ex.getClass().getSimpleName() + ")");
			return;
		}
		byte[] digest = sha256(bytes);
		if (Arrays.equals(digest, this.appliedDigest) || Arrays.equals(digest, this.refusedDigest)) {
			return;
		}
		T parsed;
		try {
			parsed = this.parser.apply(new String(bytes, StandardCharsets.UTF_8));
		}
		catch (RuntimeException ex) {
			refuse(digest, "is not valid: " + ex.getMessage());
			return;
		}
		this.current.set(parsed);
		this.appliedDigest = digest;
		this.refusedDigest = new byte[0];
		this.stale = false;
		this.applied.increment();
		logger.info("Reloaded " + this.name + " from " + this.path + ": " + this.summary.apply(parsed));
	}

	private void refuse(byte[] digest, String why) {
		this.stale = true;
		if (Arrays.equals(digest, this.refusedDigest)) {
			return;
		}
		this.refusedDigest = digest;
		this.refused.increment();
		logger.error("Refused the new " + this.name + " in " + this.path + ": it " + why
				+ "; the previous one stays in force");
	}

	private static byte[] read(Path path) {
		try {
			return Files.readAllBytes(path);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot read " + path, ex);
		}
	}

	private static byte[] sha256(byte[] bytes) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(bytes);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
