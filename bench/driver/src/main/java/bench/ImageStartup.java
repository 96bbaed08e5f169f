package bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;

import bench.Cluster.Jvm;

import static bench.Bench.log;

/**
 * Time to readiness as the image starts the gateway (issue 12), without Docker, the way
 * {@code ci/image-layout-check.sh} does it: the jar's layered extraction copied into one
 * directory in the order of the Dockerfile's {@code COPY} lines, the image's AOT training
 * run with a Java 25 JDK ({@code -XX:AOTCacheOutput}), then starts with the image's
 * ENTRYPOINT from that cache ({@code -XX:AOTCache}, and {@code -XX:AOTMode=on} so that a
 * cache the JVM cannot use fails instead of being measured as a start without it), each
 * against the run's emulator with the run's gateway settings. The extraction options, the
 * training run and the ENTRYPOINT are read from the Dockerfile.
 */
final class ImageStartup {

	private static final Pattern EXTRACT = Pattern
		.compile("java -Djarmode=tools -jar \\S+ extract (.+?) --destination ");

	private static final Pattern COPY = Pattern
		.compile("(?m)^COPY --from=build /workspace/extracted/([a-z-]+)/ \\./\\s*$");

	private static final Pattern TRAINING = Pattern.compile("(?m)^RUN (\\[\"java\", \"-XX:AOTCacheOutput=.*])\\s*$");

	private static final Pattern ENTRYPOINT = Pattern.compile("(?m)^ENTRYPOINT (\\[.*])\\s*$");

	/**
	 * What was measured: ready times from spawn (ms) and the training run's duration (s);
	 * or why nothing was.
	 */
	record Result(List<Double> readyMillis, double trainingSeconds, List<String> launch, String notMeasured) {

		static Result not(String why) {
			return new Result(List.of(), Double.NaN, List.of(), why);
		}

	}

	private ImageStartup() {
	}

	/** One training run, then {@code starts} starts from its cache; never throws. */
	static Result measure(Config config, Jvm emulator, int starts) {
		Path java = config.java25.resolve("bin").resolve("java");
		if (!Files.isExecutable(java)) {
			return Result.not("no Java 25 JDK (`" + config.java25 + "`; `--java25=<JDK home>`)");
		}
		try {
			String dockerfile = Files.readString(Path.of("Dockerfile"));
			Path work = config.workDir.resolve("image");
			delete(work);
			Path app = work.resolve("app");
			Files.createDirectories(app);

			log("start-up: image layout (the Dockerfile's extraction) in " + app);
			Matcher extract = EXTRACT.matcher(dockerfile);
			if (!extract.find()) {
				return Result.not("the Dockerfile has no layered extraction");
			}
			List<String> command = new ArrayList<>(
					List.of(java.toString(), "-Djarmode=tools", "-jar", config.gatewayJar.toString(), "extract"));
			command.addAll(Arrays.asList(extract.group(1).trim().split("\\s+")));
			command.addAll(List.of("--destination", work.resolve("extracted").toString()));
			if (run(command, null, work.resolve("extract.log"), 120) != 0) {
				return Result.not("the layered extraction failed (see `" + work.resolve("extract.log") + "`)");
			}
			Matcher copy = COPY.matcher(dockerfile);
			while (copy.find()) {
				copyTree(work.resolve("extracted").resolve(copy.group(1)), app);
			}

			List<String> training = execForm(TRAINING, dockerfile);
			List<String> entrypoint = execForm(ENTRYPOINT, dockerfile);
			if (training.isEmpty() || entrypoint.isEmpty()) {
				return Result.not("the Dockerfile has no AOT training run or no exec-form ENTRYPOINT");
			}
			training.set(0, java.toString());
			String cache = training.stream()
				.filter((arg) -> arg.startsWith("-XX:AOTCacheOutput="))
				.findFirst()
				.orElseThrow()
				.substring("-XX:AOTCacheOutput=".length());
			log("start-up: the image's AOT training run with " + java);
			Path trainingLog = config.workDir.resolve("image-training.log");
			Procs.delete(trainingLog);
			long trainingStart = System.nanoTime();
			int status = run(training, app, trainingLog, 300);
			double trainingSeconds = (System.nanoTime() - trainingStart) / 1e9;
			if (status != 0 || !Files.isRegularFile(app.resolve(cache)) || Files.size(app.resolve(cache)) == 0) {
				return Result.not("the AOT training run failed (see `" + trainingLog + "`)");
			}

			List<String> launch = new ArrayList<>(entrypoint);
			launch.set(0, java.toString());
			launch.add(1, "-XX:AOTMode=on");
			List<Double> ready = new ArrayList<>();
			for (int run = 1; run <= starts; run++) {
				log("start-up: image (Java 25, AOT cache), start " + run);
				Procs.delete(config.workDir.resolve("image-java25-" + run + ".log"));
				Jvm gateway;
				try {
					gateway = Cluster.gatewayLaunched(config, "image-java25-" + run, emulator, app, launch);
				}
				catch (RuntimeException ex) {
					return Result.not("start " + run + " from the AOT cache failed: " + ex.getMessage());
				}
				ready.add(gateway.readyMillis());
				Procs.terminate(gateway.process(), 40);
			}
			return new Result(ready, trainingSeconds, launch, null);
		}
		catch (IOException | RuntimeException ex) {
			return Result.not("could not reproduce the image's start-up: " + ex);
		}
	}

	/** The exec-form JSON array of a Dockerfile line, e.g. {@code RUN ["java", …]}. */
	private static List<String> execForm(Pattern line, String dockerfile) {
		Matcher matcher = line.matcher(dockerfile);
		List<String> args = new ArrayList<>();
		if (matcher.find()) {
			for (JsonNode arg : Http.JSON.readTree(matcher.group(1))) {
				args.add(arg.asString());
			}
		}
		return args;
	}

	private static int run(List<String> command, Path dir, Path log, long timeoutSeconds) {
		Process process = Procs.start(command, dir, log);
		try {
			if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
				Procs.terminate(process, 10);
				return -1;
			}
			return process.exitValue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			process.destroyForcibly();
			return -1;
		}
	}

	private static void copyTree(Path from, Path to) throws IOException {
		try (Stream<Path> files = Files.walk(from)) {
			for (Path file : (Iterable<Path>) files::iterator) {
				Path target = to.resolve(from.relativize(file).toString());
				if (Files.isDirectory(file)) {
					Files.createDirectories(target);
				}
				else {
					Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
				}
			}
		}
	}

	private static void delete(Path dir) throws IOException {
		if (!Files.exists(dir)) {
			return;
		}
		try (Stream<Path> files = Files.walk(dir)) {
			files.sorted(Comparator.reverseOrder()).forEach((file) -> {
				try {
					Files.delete(file);
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			});
		}
	}

}
