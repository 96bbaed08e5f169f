package com.platform.workergateway.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.platform.workergateway.support.WorkerClient;

/**
 * One example worker running as a real process, its stdout and stderr in a log file.
 */
final class WorkerProcess {

	private final ExampleWorker worker;

	private final Process process;

	private final Path log;

	private WorkerProcess(ExampleWorker worker, Process process, Path log) {
		this.worker = worker;
		this.process = process;
		this.log = log;
	}

	/**
	 * Starts a worker with the given command-line options (both workers take the same
	 * ones), with none of the {@code WORKER_*} variables of the test's environment.
	 */
	static WorkerProcess start(ExampleWorker worker, Path interpreter, List<String> options, Path logDirectory) {
		List<String> command = new ArrayList<>();
		command.add(interpreter.toString());
		command.add(worker.script().toString());
		command.addAll(options);
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
		Map<String, String> environment = builder.environment();
		environment.keySet().removeIf((name) -> name.startsWith("WORKER_") || name.equals("TASKRUNNER_ID"));
		environment.put("PYTHONUNBUFFERED", "1");
		// The development token of the test profile (docs/security.md).
		environment.put("WORKER_GATEWAY_TOKEN", WorkerClient.DEV_TOKEN);
		try {
			Path log = Files.createTempFile(logDirectory, worker.name().toLowerCase() + "-", ".log");
			return new WorkerProcess(worker, builder.redirectOutput(log.toFile()).start(), log);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start " + command, ex);
		}
	}

	Process process() {
		return this.process;
	}

	/**
	 * Waits for the process to end by itself.
	 * @return its exit code
	 * @throws AssertionError if it is still running after the timeout
	 */
	int awaitExit(Duration timeout) throws InterruptedException {
		if (!this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
			throw new AssertionError(this.worker + " worker still running after " + timeout);
		}
		return this.process.exitValue();
	}

	/**
	 * Ends the process and everything it started, at once.
	 */
	void destroy() {
		this.process.descendants().forEach(ProcessHandle::destroyForcibly);
		this.process.destroyForcibly();
	}

	/**
	 * What the worker wrote so far.
	 */
	String output() {
		try {
			return new String(Files.readAllBytes(this.log), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			return "(unreadable: " + ex + ")";
		}
	}

	@Override
	public String toString() {
		return this.worker + " worker (pid " + this.process.pid() + ")";
	}

}
