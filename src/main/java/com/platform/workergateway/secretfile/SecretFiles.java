package com.platform.workergateway.secretfile;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.DisposableBean;

/**
 * Opens secret files and checks them every {@code worker-gateway.secret-files
 * .check-interval} on a thread of its own (file reads block: never on an event loop).
 */
public class SecretFiles implements DisposableBean {

	private static final Log logger = LogFactory.getLog(SecretFiles.class);

	private final SecretFileProperties properties;

	private final MeterRegistry registry;

	private final List<SecretFile<?>> files = new CopyOnWriteArrayList<>();

	private final ScheduledExecutorService checker = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "secret-file-checker");
		thread.setDaemon(true);
		return thread;
	});

	public SecretFiles(SecretFileProperties properties, MeterRegistry registry) {
		this.properties = properties;
		this.registry = registry;
		long interval = properties.checkInterval().toMillis();
		this.checker.scheduleWithFixedDelay(this::checkAll, interval, interval, TimeUnit.MILLISECONDS);
	}

	/**
	 * Reads a secret file now (failing when it cannot be read or parsed) and re-reads it
	 * whenever it changes.
	 * @param <T> the parsed content
	 * @param name short name in logs and metrics
	 * @param path the file
	 * @param parser parses and validates a content; its messages never contain secrets
	 * @param summary what a content holds, for the log (no secrets)
	 * @return the content in force, current at every call
	 */
	public <T> SecretFile<T> open(String name, Path path, Function<String, T> parser, Function<T, String> summary) {
		SecretFile<T> file = new SecretFile<>(name, path, parser, summary, this.registry);
		this.files.add(file);
		logger.info("Watching " + name + " in " + path + " for changes every " + this.properties.checkInterval());
		return file;
	}

	private void checkAll() {
		for (SecretFile<?> file : this.files) {
			try {
				file.check();
			}
			catch (RuntimeException ex) {
				logger.error("Checking " + file.name() + " failed: " + ex.getClass().getSimpleName());
			}
		}
	}

	@Override
	public void destroy() {
		this.checker.shutdownNow();
	}

}
