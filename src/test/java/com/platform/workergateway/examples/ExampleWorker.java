package com.platform.workergateway.examples;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The example workers under {@code examples/}, each with the interpreter that runs it.
 */
enum ExampleWorker {

	/**
	 * {@code examples/python/worker.py} on {@code python3}.
	 */
	PYTHON(List.of("python3"), List.of(), "examples/python/worker.py"),

	/**
	 * {@code examples/shell/worker.sh} on {@code dash} (a strict POSIX shell), else
	 * {@code sh}.
	 */
	SHELL(List.of("dash", "sh"), List.of("curl"), "examples/shell/worker.sh");

	private final List<String> interpreters;

	private final List<String> tools;

	private final String script;

	ExampleWorker(List<String> interpreters, List<String> tools, String script) {
		this.interpreters = interpreters;
		this.tools = tools;
		this.script = script;
	}

	/**
	 * The interpreters the worker runs on, preferred first.
	 */
	List<String> interpreters() {
		return this.interpreters;
	}

	/**
	 * The programs the worker calls that are not on the {@code PATH}.
	 */
	List<String> missingTools() {
		return this.tools.stream().filter((tool) -> onPath(tool).isEmpty()).toList();
	}

	/**
	 * The first of the worker's interpreters found on the {@code PATH}.
	 */
	Optional<Path> interpreter() {
		return this.interpreters.stream().map(ExampleWorker::onPath).flatMap(Optional::stream).findFirst();
	}

	/**
	 * The worker's script, relative to the project directory (the tests' working
	 * directory).
	 */
	Path script() {
		return Path.of(this.script).toAbsolutePath();
	}

	private static Optional<Path> onPath(String name) {
		String path = System.getenv("PATH");
		if (path == null) {
			return Optional.empty();
		}
		return Stream.of(path.split(File.pathSeparator))
			.filter((directory) -> !directory.isEmpty())
			.map((directory) -> Path.of(directory, name))
			.filter(Files::isExecutable)
			.findFirst();
	}

}
