package bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Settings of a run, from {@code --name=value} arguments. */
final class Config {

	final Path gatewayJar;

	final Path workDir;

	final Path out;

	final String command;

	final String token;

	final String gatewayHeap;

	final String emulatorHeap;

	final List<Integer> levels;

	final int holdSeconds;

	final int heldWindowSeconds;

	final List<Integer> rates;

	final int rateSeconds;

	final int runs;

	final int throughputSeconds;

	final int concurrency;

	final int warmUpSeconds;

	final int handoffTasks;

	final int tasks;

	final int workers;

	final double abandonRate;

	final int outageSeconds;

	final int soakSeconds;

	final Set<String> only;

	final int cpuRate;

	final int cpuSeconds;

	final int cpuEmptyWorkers;

	final String profile;

	/**
	 * Further arguments for every gateway started, space-separated (e.g. a setting to
	 * compare side by side with a second run): {@code --gateway-args="--a=b --c=d"}.
	 */
	final List<String> gatewayArgs;

	final int cpuWarmUpTasks;

	final String driverClasspath;

	/**
	 * The Java 25 JDK (home) with which the start-up scenario repeats the image's AOT
	 * training run and starts from its cache; skipped when it is not there.
	 */
	final Path java25;

	/** The JDK that runs the gateway in the max-waiters scenario (the image's: 25). */
	final String gatewayJava;

	/**
	 * Overrides the chart's default max-waiters in the max-waiters scenario (0: the
	 * chart's).
	 */
	final int sizingMaxWaiters;

	/** Levels measured on the way to the cap, as shares of it. */
	final List<Double> sizingSteps;

	Config(String[] args) {
		Map<String, String> values = new HashMap<>();
		for (String arg : args) {
			if (arg.startsWith("--") && arg.contains("=")) {
				values.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
			}
		}
		this.gatewayJar = Path.of(values.getOrDefault("gateway-jar", "target/worker-gateway-0.1.0-SNAPSHOT.jar"))
			.toAbsolutePath();
		this.workDir = Path.of(values.getOrDefault("work-dir", "target/bench")).toAbsolutePath();
		this.out = Path.of(values.getOrDefault("out", "docs/benchmarks.md")).toAbsolutePath();
		this.command = values.getOrDefault("command", "bench/run.sh");
		this.token = values.getOrDefault("token", System.getenv("BENCH_TOKEN"));
		this.gatewayHeap = values.getOrDefault("gateway-heap", "1g");
		this.emulatorHeap = values.getOrDefault("emulator-heap", "2g");
		this.levels = ints(values.getOrDefault("levels", "1000,5000,10000"));
		this.holdSeconds = Integer.parseInt(values.getOrDefault("hold", "10"));
		this.heldWindowSeconds = Integer.parseInt(values.getOrDefault("held-window", "20"));
		this.rates = ints(values.getOrDefault("rates", "50,200"));
		this.rateSeconds = Integer.parseInt(values.getOrDefault("rate-seconds", "8"));
		this.runs = Integer.parseInt(values.getOrDefault("runs", "3"));
		this.throughputSeconds = Integer.parseInt(values.getOrDefault("throughput-seconds", "6"));
		this.concurrency = Integer.parseInt(values.getOrDefault("concurrency", "64"));
		this.warmUpSeconds = Integer.parseInt(values.getOrDefault("warm-up-seconds", "20"));
		this.handoffTasks = Integer.parseInt(values.getOrDefault("handoff-tasks", "100"));
		this.tasks = Integer.parseInt(values.getOrDefault("tasks", "2000"));
		this.workers = Integer.parseInt(values.getOrDefault("workers", "100"));
		this.abandonRate = Double.parseDouble(values.getOrDefault("abandon-rate", "0.2"));
		this.outageSeconds = Integer.parseInt(values.getOrDefault("outage-seconds", "20"));
		this.soakSeconds = Integer.parseInt(values.getOrDefault("soak-seconds", "180"));
		this.only = new TreeSet<>(Arrays.asList(values
			.getOrDefault("only", "startup,held,overhead,throughput,handoff,cpu,notasklost,outage,hang,soak,maxwaiters")
			.split(",")));
		this.cpuRate = Integer.parseInt(values.getOrDefault("cpu-rate", "100"));
		this.cpuSeconds = Integer.parseInt(values.getOrDefault("cpu-seconds", "10"));
		this.cpuEmptyWorkers = Integer.parseInt(values.getOrDefault("cpu-empty-workers", "100"));
		this.cpuWarmUpTasks = Integer.parseInt(values.getOrDefault("cpu-warm-up-tasks", "12000"));
		// async: async-profiler flame graphs and JIT events of one extra run (scenario
		// cpu)
		this.profile = values.getOrDefault("profile", "none");
		String gatewayArgs = values.getOrDefault("gateway-args", "").trim();
		this.gatewayArgs = gatewayArgs.isEmpty() ? List.of() : List.of(gatewayArgs.split("\\s+"));
		this.driverClasspath = System.getProperty("java.class.path");
		this.gatewayJava = values.getOrDefault("gateway-java", Procs.JAVA);
		this.java25 = Path.of(values.getOrDefault("java25", "/usr/lib/jvm/temurin-25-jdk-amd64"));
		this.sizingMaxWaiters = Integer.parseInt(values.getOrDefault("sizing-max-waiters", "0"));
		this.sizingSteps = Arrays.stream(values.getOrDefault("sizing-steps", "0.25,0.5,0.75,1").split(","))
			.map(String::trim)
			.map(Double::parseDouble)
			.toList();
	}

	boolean runs(String scenario) {
		return this.only.contains(scenario);
	}

	private static List<Integer> ints(String csv) {
		return Arrays.stream(csv.split(",")).map(String::trim).map(Integer::parseInt).toList();
	}

}
