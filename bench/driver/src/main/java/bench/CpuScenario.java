package bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.stream.Stream;

import bench.Cluster.Jvm;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

import static bench.Bench.groups;
import static bench.Bench.log;
import static bench.Stats.f;

/**
 * CPU per delivered task and per empty poll (answered 204), gateway against the direct
 * SDK path in the same run, from {@code /proc/<pid>/stat} (and per thread from
 * {@code /proc/<pid>/task/<tid>/stat}); medians of several runs, the two paths
 * alternated. With {@code --profile=async} one more run of each gateway phase is profiled
 * (not counted).
 */
final class CpuScenario {

	private static final int GROUPS = 10;

	private final Config config;

	private final Http http;

	private final Report report;

	private final long self = ProcessHandle.current().pid();

	CpuScenario(Config config, Http http, Report report) {
		this.config = config;
		this.http = http;
		this.report = report;
	}

	void run(Jvm emulator, Jvm gateway) {
		Map<String, List<Double>> m = new LinkedHashMap<>();
		Map<String, List<Double>> gatewayThreads = new HashMap<>();
		Map<String, List<Double>> emptyThreads = new HashMap<>();
		try (Direct direct = new Direct(emulator.url(), 2000)) {
			warmUp(emulator, gateway, direct);
			for (int run = 1; run <= this.config.runs; run++) {
				for (String path : (run % 2 == 1) ? List.of("gateway", "direct") : List.of("direct", "gateway")) {
					log("cpu: run " + run + ", tasks at " + this.config.cpuRate + "/s, " + path);
					Phase phase = tasks(emulator, gateway, path, direct, "cpu" + run);
					String prefix = path + ".task.";
					m.computeIfAbsent(prefix + "gateway", (k) -> new ArrayList<>()).add(phase.gatewayMs());
					m.computeIfAbsent(prefix + "emulator", (k) -> new ArrayList<>()).add(phase.emulatorMs());
					m.computeIfAbsent(prefix + "driver", (k) -> new ArrayList<>()).add(phase.driverMs());
					if (path.equals("gateway")) {
						phase.threads()
							.forEach((k, v) -> gatewayThreads.computeIfAbsent(k, (x) -> new ArrayList<>()).add(v));
					}
				}
				log("cpu: run " + run + ", empty polls");
				Phase empty = emptyPolls(emulator, gateway, "cpu-empty" + run);
				m.computeIfAbsent("gateway.empty.gateway", (k) -> new ArrayList<>()).add(empty.gatewayMs());
				empty.threads().forEach((k, v) -> emptyThreads.computeIfAbsent(k, (x) -> new ArrayList<>()).add(v));
			}
			String profiles = "";
			Profiling profiling = new Profiling(this.config);
			if (profiling.enabled()) {
				log("cpu: profiled run (async-profiler + JIT events), tasks");
				profiling.start(gateway.pid(), "gateway-tasks");
				Phase phase = tasks(emulator, gateway, "gateway", direct, "cpu-prof");
				profiles += "### Profile: polls that find a task (gateway)\n\n"
						+ profiling.stop(gateway.pid(), "gateway-tasks", phase.units(), "task") + "\n";
				log("cpu: profiled run, empty polls");
				profiling.start(gateway.pid(), "gateway-empty");
				Phase empty = emptyPolls(emulator, gateway, "cpu-empty-prof");
				profiles += "### Profile: empty polls (gateway)\n\n"
						+ profiling.stop(gateway.pid(), "gateway-empty", empty.units(), "empty poll") + "\n";
			}
			write(m, gatewayThreads, emptyThreads, profiles);
		}
	}

	private void write(Map<String, List<Double>> m, Map<String, List<Double>> gatewayThreads,
			Map<String, List<Double>> emptyThreads, String profiles) {
		double gw = Stats.median(m.get("gateway.task.gateway"));
		double sdk = Stats.median(m.get("direct.task.driver"));
		List<String> perTask = row("gateway process CPU per delivered task (gateway path)",
				m.get("gateway.task.gateway"));
		List<String> sdkPerCall = row("driver CPU per call, direct path (= the SDK client's CPU per call)",
				m.get("direct.task.driver"));
		List<String> perEmpty = row("gateway process CPU per empty poll (204)", m.get("gateway.empty.gateway"));
		String ratio = f(gw / sdk, 2);
		List<List<String>> rows = new ArrayList<>();
		rows.add(perTask);
		rows.add(row("driver CPU per task, gateway path (HTTP client of the workers)", m.get("gateway.task.driver")));
		rows.add(sdkPerCall);
		rows.add(row("emulator CPU per call, gateway path", m.get("gateway.task.emulator")));
		rows.add(row("emulator CPU per call, direct path", m.get("direct.task.emulator")));
		rows.add(perEmpty);
		rows.add(List.of("ratio: gateway CPU per task / SDK client CPU per call", "", ratio + "×"));
		// Issue 12's targets, with the medians exactly as the table above prints them.
		String runs = " (" + Targets.medianOf(this.config.runs, "run") + ")";
		this.report.targets.measured(
				Targets.Measure.TASK_CPU, perTask.get(2) + " ms = " + ratio
						+ "× the direct path's SDK-client CPU per call, " + sdkPerCall.get(2) + " ms" + runs,
				perTask.get(2), ratio);
		this.report.targets.measured(Targets.Measure.EMPTY_POLL_CPU, perEmpty.get(2) + " ms" + runs, perEmpty.get(2));
		String threadTable = threads(gatewayThreads, "gateway threads: ms per delivered task") + "\n"
				+ threads(emptyThreads, "gateway threads: ms per empty poll");
		this.report.summary.add(String.format(Locale.ROOT,
				"- CPU: the gateway process spends %s ms per delivered task (the direct path's SDK client %s ms per "
						+ "call, %s×) and %s ms per empty poll (medians of %d runs).",
				f(gw, 3), f(sdk, 3), f(gw / sdk, 1), f(Stats.median(m.get("gateway.empty.gateway")), 3),
				this.config.runs));
		this.report.section("## 6. CPU per task and per empty poll\n\n" + "After a JIT warm-up of "
				+ this.config.cpuWarmUpTasks
				+ " tasks on each path (closed loop, not measured). Tasks: deep queue over " + GROUPS
				+ " groups, polls issued open-loop at " + this.config.cpuRate + "/s for " + this.config.cpuSeconds
				+ " s on each path (runs alternate the order), every poll finds a task. Empty polls: "
				+ this.config.cpuEmptyWorkers + " closed-loop workers poll " + GROUPS + " groups that have no task "
				+ "with `Prefer: wait=1` for " + this.config.cpuSeconds + " s; each answer is a 204 (the groups' "
				+ "upstream polls stay held, one per group). CPU is utime+stime from `/proc/<pid>/stat` over the "
				+ "phase divided by tasks (or 204 answers); per thread from `/proc/<pid>/task/*/stat`, thread names "
				+ "with digits folded to `#`. Milliseconds.\n\n"
				+ Report.table(List.of("measure", "runs (ms)", "median (ms)"), rows) + "\n" + threadTable + "\n"
				+ profiles);
	}

	private static List<String> row(String label, List<Double> values) {
		return List.of(label, Stats.runs(values, 3), f(Stats.median(values), 3));
	}

	private static String threads(Map<String, List<Double>> byThread, String title) {
		List<List<String>> rows = new ArrayList<>();
		byThread.entrySet()
			.stream()
			.sorted((a, b) -> Double.compare(Stats.median(b.getValue()), Stats.median(a.getValue())))
			.limit(10)
			.forEach((e) -> rows
				.add(List.of("`" + e.getKey() + "`", Stats.runs(e.getValue(), 3), f(Stats.median(e.getValue()), 3))));
		return Report.table(List.of(title, "runs", "median"), rows);
	}

	/** CPU of one phase, milliseconds per unit (task or empty poll). */
	private record Phase(long units, double gatewayMs, double emulatorMs, double driverMs,
			Map<String, Double> threads) {

	}

	private Phase tasks(Jvm emulator, Jvm gateway, String path, Direct direct, String prefix) {
		this.http.reset(emulator.url());
		List<String> groups = groups(prefix + "-" + path, GROUPS);
		int rate = this.config.cpuRate;
		int total = rate * this.config.cpuSeconds;
		this.http.scheduleMany(emulator.url(), groups, total + GROUPS * 2);
		Function<String, Mono<Boolean>> poll = path.equals("gateway")
				? (group) -> this.http.poll(gateway.url(), group, 5, null).map(Http.Answer::hasTask)
				: (group) -> direct.poll(group).hasElement();
		AtomicLong found = new AtomicLong();
		CountDownLatch done = new CountDownLatch(total);
		Snapshot before = Snapshot.of(gateway.pid(), emulator.pid(), this.self);
		long interval = 1_000_000_000L / rate;
		long start = System.nanoTime();
		for (int i = 0; i < total; i++) {
			long wait = start + i * interval - System.nanoTime();
			if (wait > 0) {
				LockSupport.parkNanos(wait);
			}
			poll.apply(groups.get(i % GROUPS)).subscribe((hasTask) -> {
				if (hasTask) {
					found.incrementAndGet();
				}
				done.countDown();
			}, (ex) -> done.countDown());
		}
		await(done);
		Snapshot after = Snapshot.of(gateway.pid(), emulator.pid(), this.self);
		if (found.get() < total) {
			log("WARNING: " + (total - found.get()) + " polls without a task");
		}
		return before.until(after, Math.max(1, found.get()));
	}

	/**
	 * JIT warm-up, not measured: closed-loop polls until {@code cpu-warm-up-tasks} tasks
	 * were delivered on each path, then empty polls for a while. Polls wait long enough
	 * (10 s) not to come back empty on a loaded machine.
	 */
	private void warmUp(Jvm emulator, Jvm gateway, Direct direct) {
		int tasks = this.config.cpuWarmUpTasks;
		for (String path : List.of("gateway", "direct")) {
			log("cpu: warm-up, " + tasks + " tasks on the " + path + " path (not measured)");
			this.http.reset(emulator.url());
			List<String> groups = groups("cpu-warm-" + path, GROUPS);
			this.http.scheduleMany(emulator.url(), groups, tasks);
			Function<String, Mono<Boolean>> poll = path.equals("gateway")
					? (group) -> this.http.poll(gateway.url(), group, 10, null).map(Http.Answer::hasTask)
					: (group) -> direct.poll(group).hasElement();
			AtomicLong delivered = new AtomicLong();
			CountDownLatch done = new CountDownLatch(32);
			long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
			for (int i = 0; i < 32; i++) {
				String group = groups.get(i % GROUPS);
				Mono.defer(() -> poll.apply(group))
					.doOnNext((found) -> delivered.addAndGet(found ? 1 : 0))
					.onErrorResume((ex) -> Mono.just(false))
					.repeat(() -> delivered.get() < tasks - 64 && System.nanoTime() < deadline)
					.doFinally((signal) -> done.countDown())
					.subscribe();
			}
			try {
				done.await(6, TimeUnit.MINUTES);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			log("cpu: warm-up on the " + path + " path delivered " + delivered.get());
		}
		emptyPolls(emulator, gateway, "cpu-warm-empty");
	}

	private Phase emptyPolls(Jvm emulator, Jvm gateway, String prefix) {
		this.http.reset(emulator.url());
		List<String> groups = groups(prefix, GROUPS);
		AtomicLong empty = new AtomicLong();
		AtomicBoolean running = new AtomicBoolean(true);
		List<Disposable> workers = new ArrayList<>();
		// Let the groups' upstream polls start and the workers settle before measuring.
		AtomicBoolean counting = new AtomicBoolean(false);
		for (int i = 0; i < this.config.cpuEmptyWorkers; i++) {
			String group = groups.get(i % GROUPS);
			workers.add(Mono.defer(() -> this.http.poll(gateway.url(), group, 1, null)).doOnNext((answer) -> {
				if (answer.status() == 204 && counting.get()) {
					empty.incrementAndGet();
				}
			})
				.onErrorResume((ex) -> Mono.delay(Duration.ofMillis(200)).then(Mono.empty()))
				.repeat(running::get)
				.subscribe());
		}
		Procs.sleep(2000);
		Snapshot before = Snapshot.of(gateway.pid(), emulator.pid(), this.self);
		counting.set(true);
		Procs.sleep(this.config.cpuSeconds * 1000L);
		counting.set(false);
		Snapshot after = Snapshot.of(gateway.pid(), emulator.pid(), this.self);
		running.set(false);
		Procs.sleep(1500);
		workers.forEach(Disposable::dispose);
		return before.until(after, Math.max(1, empty.get()));
	}

	private static void await(CountDownLatch done) {
		try {
			done.await(120, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** CPU seconds of the three processes and of the gateway's threads at one instant. */
	private record Snapshot(double gateway, double emulator, double driver, Map<String, Double> threads) {

		static Snapshot of(long gateway, long emulator, long driver) {
			return new Snapshot(Procs.cpuSeconds(gateway), Procs.cpuSeconds(emulator), Procs.cpuSeconds(driver),
					threadCpu(gateway));
		}

		Phase until(Snapshot after, long units) {
			Map<String, Double> threads = new HashMap<>();
			after.threads.forEach((name, cpu) -> {
				double delta = cpu - this.threads.getOrDefault(name, 0.0);
				if (delta > 0) {
					threads.put(name, delta * 1000 / units);
				}
			});
			return new Phase(units, (after.gateway - this.gateway) * 1000 / units,
					(after.emulator - this.emulator) * 1000 / units, (after.driver - this.driver) * 1000 / units,
					threads);
		}

		/** CPU seconds by thread name, digits folded; threads that ended are lost. */
		private static Map<String, Double> threadCpu(long pid) {
			Map<String, Double> byName = new HashMap<>();
			try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
				tasks.forEach((task) -> {
					String comm = Procs.read(task.resolve("comm").toString()).strip();
					String stat = Procs.read(task.resolve("stat").toString());
					if (comm.isEmpty() || stat.isEmpty()) {
						return;
					}
					String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
					double cpu = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
					byName.merge(comm.replaceAll("\\d+", "#"), cpu, Double::sum);
				});
			}
			catch (Exception ex) {
				// the process is gone
			}
			return byName;
		}

	}

}
