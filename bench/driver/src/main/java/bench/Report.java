package bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The Markdown written to docs/benchmarks.md. */
final class Report {

	private final Config config;

	private final String started = Bench.now();

	private final String loadAtStart = Procs.read("/proc/loadavg").trim();

	final List<String> summary = new ArrayList<>();

	/** Issue 12's targets, fed by the scenarios; rendered after the summary. */
	final Targets targets;

	private final List<String> sections = new ArrayList<>();

	double totalSeconds;

	Report(Config config) {
		this.config = config;
		this.targets = new Targets(config);
	}

	void section(String markdown) {
		this.sections.add(markdown);
		System.out.println(markdown);
	}

	static String table(List<String> header, List<List<String>> rows) {
		StringBuilder out = new StringBuilder();
		out.append("| ").append(String.join(" | ", header)).append(" |\n");
		out.append("|").append("---|".repeat(header.size())).append("\n");
		for (List<String> row : rows) {
			out.append("| ").append(String.join(" | ", row)).append(" |\n");
		}
		return out.toString();
	}

	String markdown() {
		StringBuilder out = new StringBuilder();
		out.append("# Benchmarks: the worker gateway against the direct path\n\n");
		out.append("<!-- Written by bench/run.sh (bench/driver); every figure below was measured by that run. -->\n\n");
		out.append("## Summary\n\n");
		this.summary.forEach((line) -> out.append(line).append("\n"));
		out.append("\n").append(this.targets.markdown());
		out.append("\n## How this was run\n\n");
		out.append("```\n").append(this.config.command).append("\n```\n\n");
		out.append(machine());
		out.append(String.format(Locale.ROOT,
				"Run started %s, took %.0f s. Load average at start (1/5/15 min, runnable/total): `%s` — the machine "
						+ "is shared with other work and has 2 cores, so figures are noisy: latency and throughput "
						+ "scenarios are repeated (%d runs) and medians are reported beside every run's value.\n\n",
				this.started, this.totalSeconds, this.loadAtStart, this.config.runs));
		out.append("Three separate JVMs: the **emulator** (Data Pipeline stand-in, `-Xmx")
			.append(this.config.emulatorHeap)
			.append("`, rate limits off), the **gateway** (`java -Xmx")
			.append(this.config.gatewayHeap)
			.append(" -jar`, account budget off), and this **driver** (Reactor Netty HttpClient to the gateway; ")
			.append("AWS SDK for Java v2 `DataPipelineAsyncClient` on its Netty client for the direct path). ")
			.append("Logs and the JFR recording are in `target/bench/`.\n\n");
		this.sections.forEach((section) -> out.append(section).append("\n"));
		// Hand-written reading of the figures (bench/findings.md), kept apart from the
		// measured sections so that a re-run never invents or overwrites a finding.
		String findings = Procs.read("bench/findings.md");
		if (!findings.isBlank()) {
			out.append(findings.strip()).append("\n");
		}
		return out.toString();
	}

	private static String machine() {
		String cpu = "unknown";
		for (String line : Procs.read("/proc/cpuinfo").split("\n")) {
			if (line.startsWith("model name")) {
				cpu = line.substring(line.indexOf(':') + 1).trim();
				break;
			}
		}
		String memory = "unknown";
		for (String line : Procs.read("/proc/meminfo").split("\n")) {
			if (line.startsWith("MemTotal")) {
				long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
				memory = String.format(Locale.ROOT, "%.1f GiB", kb / 1048576.0);
			}
		}
		String kernel = Procs.read("/proc/version").split(" \\(")[0].trim();
		return "Machine: `nproc` = " + Runtime.getRuntime().availableProcessors() + ", memory " + memory + ", CPU `"
				+ cpu + "`, " + kernel + ", JDK " + System.getProperty("java.vm.vendor") + " "
				+ System.getProperty("java.runtime.version") + " (all three JVMs), open-file limit `ulimit -n` = "
				+ openFiles() + ".\n\n";
	}

	private static String openFiles() {
		for (String line : Procs.read("/proc/self/limits").split("\n")) {
			if (line.startsWith("Max open files")) {
				return line.replaceAll("Max open files\\s+", "").replaceAll("\\s+", " ").trim();
			}
		}
		return "";
	}

}
