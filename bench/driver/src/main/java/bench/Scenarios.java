package bench;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.stream.Collectors;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;
import org.HdrHistogram.Histogram;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import bench.Cluster.Jvm;

import static bench.Bench.groups;
import static bench.Bench.log;
import static bench.Stats.f;

/** The scenarios of issue 6. */
final class Scenarios {

	private static final int GROUPS = 10;

	private final Config config;

	private final Http http;

	private final Report report;

	private final long self = ProcessHandle.current().pid();

	Scenarios(Config config, Http http, Report report) {
		this.config = config;
		this.http = http;
		this.report = report;
	}

	// ------------------------------------------------------------------ performance

	void performance() {
		log("starting emulator and gateway");
		Jvm emulator = Cluster.emulator(this.config, "emulator", Duration.ofSeconds(this.config.holdSeconds),
				Duration.ofHours(1));
		Jvm gateway;
		try {
			gateway = Cluster.gateway(this.config, "gateway", emulator, List.of(), List.of());
		}
		catch (RuntimeException ex) {
			// Not ready in time (a loaded machine): leave no emulator behind.
			Procs.terminate(emulator.process(), 20);
			throw ex;
		}
		try {
			if (this.config.runs("startup")) {
				startup(emulator);
			}
			if (this.config.runs("held")) {
				held(emulator, gateway);
			}
			if (this.config.runs("overhead") || this.config.runs("throughput") || this.config.runs("handoff")) {
				warmUp(emulator, gateway);
			}
			if (this.config.runs("overhead")) {
				overhead(emulator, gateway);
			}
			if (this.config.runs("throughput")) {
				throughput(emulator, gateway);
			}
			if (this.config.runs("handoff")) {
				handoff(emulator, gateway);
			}
			if (this.config.runs("cpu")) {
				new CpuScenario(this.config, this.http, this.report).run(emulator, gateway);
			}
		}
		finally {
			Procs.terminate(gateway.process(), 40);
			Procs.terminate(emulator.process(), 20);
		}
	}

	/** A worker's poll on one path: the task id, or empty. */
	interface PollPath extends AutoCloseable {

		String name();

		Mono<String> poll(String group);

		@Override
		default void close() {
		}

	}

	private PollPath gatewayPath(Jvm gateway, int waitSeconds) {
		Http http = this.http;
		return new PollPath() {
			@Override
			public String name() {
				return "gateway";
			}

			@Override
			public Mono<String> poll(String group) {
				return http.poll(gateway.url(), group, waitSeconds, null).mapNotNull(Http.Answer::taskId);
			}
		};
	}

	private static PollPath directPath(Jvm emulator, int concurrency) {
		Direct direct = new Direct(emulator.url(), concurrency);
		return new PollPath() {
			@Override
			public String name() {
				return "direct";
			}

			@Override
			public Mono<String> poll(String group) {
				return direct.poll(group);
			}

			@Override
			public void close() {
				direct.close();
			}
		};
	}

	// --- 5. start-up

	private void startup(Jvm emulator) {
		List<Double> ready = new ArrayList<>();
		List<Double> started = new ArrayList<>();
		List<Double> rss = new ArrayList<>();
		List<Double> heap = new ArrayList<>();
		List<Double> threads = new ArrayList<>();
		List<Double> directReady = new ArrayList<>();
		List<Double> directRss = new ArrayList<>();
		for (int run = 1; run <= this.config.runs; run++) {
			log("start-up run " + run);
			Procs.delete(this.config.workDir.resolve("startup-" + run + ".log"));
			Procs.delete(this.config.workDir.resolve("direct-startup-" + run + ".log"));
			Jvm gateway = Cluster.gateway(this.config, "startup-" + run, emulator, List.of(), List.of());
			ready.add(gateway.readyMillis());
			Procs.sleep(3000);
			rss.add(Procs.rss(gateway.pid()) / 1048576.0);
			threads.add((double) Procs.threads(gateway.pid()));
			heap.add(Procs.heapAfterGc(gateway.pid()) / 1048576.0);
			Procs.terminate(gateway.process(), 40);
			started.add(startedSeconds(gateway.log()) * 1000);
			Process direct = Procs.start(
					List.of(Procs.JAVA, "-cp", this.config.driverClasspath, "bench.DirectStartup", emulator.url()),
					this.config.workDir.resolve("direct-startup-" + run + ".log"));
			try {
				direct.waitFor(60, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			String out = Procs.read(this.config.workDir.resolve("direct-startup-" + run + ".log").toString());
			java.util.regex.Matcher m = java.util.regex.Pattern.compile("READY_MS=(\\d+) RSS=(\\d+)").matcher(out);
			if (m.find()) {
				directReady.add(Double.parseDouble(m.group(1)));
				directRss.add(Long.parseLong(m.group(2)) / 1048576.0);
			}
		}
		List<List<String>> rows = new ArrayList<>();
		rows.add(List.of("gateway: spawn → readiness 200 (ms)", Stats.runs(ready, 0), f(Stats.median(ready), 0)));
		rows.add(List.of("gateway: Spring's \"Started … in\" (ms)", Stats.runs(started, 0),
				f(Stats.median(started), 0)));
		rows.add(List.of("gateway: idle RSS 3 s after ready (MB)", Stats.runs(rss, 1), f(Stats.median(rss), 1)));
		rows.add(List.of("gateway: idle heap after GC (MB)", Stats.runs(heap, 1), f(Stats.median(heap), 1)));
		rows.add(List.of("gateway: idle threads", Stats.runs(threads, 0), f(Stats.median(threads), 0)));
		rows.add(List.of("direct: JVM start → SDK client built and first call answered (ms)",
				Stats.runs(directReady, 0), f(Stats.median(directReady), 0)));
		rows.add(List.of("direct: RSS of that JVM then (MB)", Stats.runs(directRss, 1), f(Stats.median(directRss), 1)));
		String readyMedian = f(Stats.median(ready), 0);
		this.report.targets.measured(Targets.Measure.READY_JDK17, readyMedian + " ms on JDK "
				+ Runtime.version().feature() + " (" + Targets.medianOf(ready.size(), "run") + ")", readyMedian);
		// The image's start: Java 25 from the AOT cache of the image's training run.
		ImageStartup.Result image = ImageStartup.measure(this.config, emulator, Math.max(3, this.config.runs));
		String imageNote;
		String imageSummary = "";
		if (image.notMeasured() == null) {
			String imageMedian = f(Stats.median(image.readyMillis()), 0);
			rows.add(List.of("image, Java 25 from the AOT cache: spawn → readiness 200 (ms)",
					Stats.runs(image.readyMillis(), 0), imageMedian));
			rows.add(List.of("image: the AOT training run, once (s)", f(image.trainingSeconds(), 1), ""));
			this.report.targets.measured(Targets.Measure.READY_IMAGE, imageMedian + " ms from the AOT cache ("
					+ Targets.medianOf(image.readyMillis().size(), "start") + ")", imageMedian);
			imageNote = " The image rows do what the Dockerfile does (as `ci/image-layout-check.sh` does without "
					+ "Docker): the jar's layered extraction in one directory, the image's AOT training run once with "
					+ "`" + this.config.java25 + "`, then " + image.readyMillis().size() + " starts with the "
					+ "ENTRYPOINT (`-XX:AOTMode=on` added, so that a cache the JVM cannot use fails the start) and the "
					+ "run's gateway settings: `" + String.join(" ", image.launch()) + " …`.";
			imageSummary = " The image (Java 25 from its AOT cache) ready in " + imageMedian + " ms (median).";
		}
		else {
			this.report.targets.notMeasured(Targets.Measure.READY_IMAGE, image.notMeasured());
			imageNote = " The image's start (Java 25 from an AOT cache) was not measured: " + image.notMeasured() + ".";
		}
		this.report.section("## 5. Start-up\n\n" + "Each run starts a fresh gateway JVM (`java -Xmx"
				+ this.config.gatewayHeap + " -jar`, JIT cold) against the running emulator and polls its readiness "
				+ "probe every 25 ms. The direct row is a fresh JVM that builds the SDK client and makes one call."
				+ imageNote + "\n\n" + Report.table(List.of("measure", "runs", "median"), rows));
		this.report.summary
			.add(String.format(Locale.ROOT, "- Start-up: gateway ready in %s ms (median), idle RSS %s MB.%s",
					readyMedian, f(Stats.median(rss), 0), imageSummary));
	}

	private static double startedSeconds(Path log) {
		java.util.regex.Matcher m = java.util.regex.Pattern
			.compile("Started WorkerGatewayApplication in ([0-9.]+) seconds")
			.matcher(Procs.read(log.toString()));
		return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
	}

	// --- 1. held polls

	private void held(Jvm emulator, Jvm gateway) {
		log("held polls: idle baseline");
		long idleHeap = Procs.heapAfterGc(gateway.pid());
		long idleRss = Procs.rss(gateway.pid());
		int idleThreads = Procs.threads(gateway.pid());
		List<List<String>> rows = new ArrayList<>();
		rows.add(List.of("gateway idle", "0", Procs.mb(idleRss), Procs.mb(idleHeap), "—", "—",
				String.valueOf(idleThreads), "—", "—", "—", "—"));
		String summaryLine = "";
		// Issue 12's target is at 10,000 workers; without that level, the largest.
		int targetLevel = this.config.levels.contains(10_000) ? 10_000 : Collections.max(this.config.levels);
		for (int n : this.config.levels) {
			HeldResult gw = heldGateway(emulator, gateway, n);
			HeldResult direct = heldDirect(emulator, n);
			double perWorkerHeap = (gw.heap - idleHeap) / (double) n;
			double perWorkerRss = (gw.rss - idleRss) / (double) n;
			String heapKb = (gw.heap < 0 || idleHeap < 0) ? "n/a" : f(perWorkerHeap / 1024, 2);
			String rssKb = (gw.rss < 0 || idleRss < 0) ? "n/a" : f(perWorkerRss / 1024, 2);
			if (n == targetLevel) {
				this.report.targets.measured(Targets.Measure.WAITER_MEMORY,
						String.format(Locale.ROOT, "%s KB / %s KB at %,d workers, %,d of them waiting%s", heapKb, rssKb,
								n, gw.waiting, (n == 10_000) ? "" : " (the largest of --levels: 10,000 was not run)"),
						heapKb, rssKb);
			}
			rows.add(List.of("gateway", String.valueOf(n), Procs.mb(gw.rss), Procs.mb(gw.heap), rssKb + " KB",
					heapKb + " KB", String.valueOf(gw.threads),
					gw.waiting + " waiting / " + gw.inbound + " worker conns",
					gw.upstreamConnections + " (max in flight per group " + gw.maxInflight + ", K=1)",
					f(gw.callRate, 2) + "/s", f(gw.callRate * this.config.holdSeconds / 90.0, 3) + "/s"));
			rows.add(List.of("direct", String.valueOf(n), "—", "—", "—", "—", "—", direct.waiting + " SDK polls held",
					String.valueOf(direct.upstreamConnections), f(direct.callRate, 2) + "/s",
					f(direct.callRate * this.config.holdSeconds / 90.0, 2) + "/s (N/90 = " + f(n / 90.0, 2) + ")"));
			summaryLine = String.format(Locale.ROOT,
					"- Held polls: %d waiting workers cost the gateway %s heap after GC (%s KB each) and %s RSS; "
							+ "upstream it keeps %d connections and %s PollForTask/s at a 90 s hold, where the direct "
							+ "path needs %d connections and %s calls/s.",
					n, Procs.mb(gw.heap - idleHeap), f(perWorkerHeap / 1024, 2), Procs.mb(gw.rss - idleRss),
					gw.upstreamConnections, f(gw.callRate * this.config.holdSeconds / 90.0, 2),
					direct.upstreamConnections, f(direct.callRate * this.config.holdSeconds / 90.0, 1));
		}
		this.report.summary.add(summaryLine);
		this.report.section("## 1. Held polls\n\n" + "N workers wait at once, spread over " + GROUPS
				+ " worker groups; no task is scheduled. Gateway path: each worker long-polls the gateway with "
				+ "`Prefer: wait=60`; the gateway keeps K=1 upstream PollForTask per group. Direct path: N concurrent "
				+ "SDK `pollForTask` calls (Netty client `maxConcurrency` = N+100). The emulator holds an idle poll "
				+ this.config.holdSeconds + " s instead of 90 s to keep the run short; call rates were measured over a "
				+ this.config.heldWindowSeconds + " s window at that hold and are also shown scaled to the service's "
				+ "90 s hold (rate × " + this.config.holdSeconds + "/90). RSS from `/proc/<pid>/status` VmRSS, heap "
				+ "after `jcmd GC.run` from `GC.heap_info`, threads from `/proc/<pid>/status`, connections counted "
				+ "from the process's sockets in `/proc/net/tcp*`, in-flight polls sampled every 2 s from "
				+ "`worker_gateway_upstream_polls_inflight` (Prometheus), calls from the emulator's `/emulator/calls`. "
				+ "Per-worker bytes are (level − idle) / N.\n\n"
				+ Report.table(
						List.of("path", "N", "RSS", "heap after GC", "RSS per worker", "heap per worker", "threads",
								"workers", "upstream connections", "PollForTask rate (measured)", "rate at 90 s hold"),
						rows)
				+ this.heldHistogram);
	}

	private String heldHistogram = "";

	private record HeldResult(long rss, long heap, int threads, long waiting, long inbound, long upstreamConnections,
			int maxInflight, double callRate) {

	}

	private HeldResult heldGateway(Jvm emulator, Jvm gateway, int n) {
		log("held polls: gateway, N=" + n);
		List<String> groups = groups("held-" + n, GROUPS);
		AtomicBoolean running = new AtomicBoolean(true);
		List<Disposable> loops = new ArrayList<>();
		for (int i = 0; i < n; i++) {
			String group = groups.get(i % GROUPS);
			loops.add(Mono.defer(() -> this.http.poll(gateway.url(), group, 60, null))
				.onErrorResume((ex) -> Mono.delay(Duration.ofMillis(500)).then(Mono.empty()))
				.repeat(running::get)
				.subscribe());
			if (i % 100 == 99) {
				Procs.sleep(40);
			}
		}
		awaitCondition(() -> waiters(gateway, groups) >= n * 0.99, Duration.ofSeconds(60));
		long calls0 = this.http.calls(emulator.url(), "PollForTask");
		long t0 = System.nanoTime();
		int maxInflight = 0;
		while (System.nanoTime() - t0 < Duration.ofSeconds(this.config.heldWindowSeconds).toNanos()) {
			for (Http.Sample sample : this.http.prometheus(gateway.management(),
					"worker_gateway_upstream_polls_inflight")) {
				if (groups.contains(sample.label("worker_group"))) {
					maxInflight = Math.max(maxInflight, (int) sample.value());
				}
			}
			Procs.sleep(2000);
		}
		long calls1 = this.http.calls(emulator.url(), "PollForTask");
		double rate = (calls1 - calls0) / ((System.nanoTime() - t0) / 1e9);
		long waiting = (long) waiters(gateway, groups);
		long inbound = Procs.connections(gateway.pid(), -1, gateway.port());
		long upstream = Procs.connections(gateway.pid(), emulator.port(), -1);
		long rss = Procs.rss(gateway.pid());
		int threads = Procs.threads(gateway.pid());
		long heap = Procs.heapAfterGc(gateway.pid());
		if (n == this.config.levels.get(this.config.levels.size() - 1)) {
			// What the heap holds per waiting worker: the top classes at the largest
			// level.
			String histogram = Procs.jcmd(gateway.pid(), "GC.class_histogram");
			List<String> lines = histogram.lines().filter((line) -> line.matches("\\s*\\d+:.*")).limit(15).toList();
			List<List<String>> rows = new ArrayList<>();
			for (String line : lines) {
				String[] f = line.trim().split("\\s+");
				if (f.length >= 4) {
					rows.add(List.of(f[0].replace(":", ""), "`" + f[3] + "`", f[1],
							f(Long.parseLong(f[2]) / 1048576.0, 1) + " MB", f(Long.parseLong(f[2]) / (double) n, 0)));
				}
			}
			this.heldHistogram = "\nTop classes on the gateway's heap with " + n
					+ " workers waiting (`jcmd GC.class_histogram`, " + "live objects after the GC above):\n\n"
					+ Report.table(List.of("rank", "class", "instances", "bytes", "bytes per waiting worker"), rows);
		}
		running.set(false);
		loops.forEach(Disposable::dispose);
		awaitCondition(() -> waiters(gateway, groups) == 0, Duration.ofSeconds(60));
		Procs.sleep(1000);
		return new HeldResult(rss, heap, threads, waiting, inbound, upstream, maxInflight, rate);
	}

	private HeldResult heldDirect(Jvm emulator, int n) {
		log("held polls: direct, N=" + n);
		List<String> groups = groups("held-direct-" + n, GROUPS);
		AtomicBoolean running = new AtomicBoolean(true);
		List<Disposable> loops = new ArrayList<>();
		try (PollPath direct = directPath(emulator, n + 100)) {
			for (int i = 0; i < n; i++) {
				String group = groups.get(i % GROUPS);
				loops.add(Mono.defer(() -> direct.poll(group))
					.onErrorResume((ex) -> Mono.delay(Duration.ofMillis(500)).then(Mono.empty()))
					.repeat(running::get)
					.subscribe());
				if (i % 100 == 99) {
					Procs.sleep(40);
				}
			}
			awaitCondition(() -> Procs.connections(this.self, emulator.port(), -1) >= n * 0.99, Duration.ofSeconds(60));
			long calls0 = this.http.calls(emulator.url(), "PollForTask");
			long t0 = System.nanoTime();
			Procs.sleep(this.config.heldWindowSeconds * 1000L);
			long calls1 = this.http.calls(emulator.url(), "PollForTask");
			double rate = (calls1 - calls0) / ((System.nanoTime() - t0) / 1e9);
			long connections = Procs.connections(this.self, emulator.port(), -1);
			running.set(false);
			loops.forEach(Disposable::dispose);
			return new HeldResult(-1, -1, -1, n, -1, connections, -1, rate);
		}
		finally {
			awaitCondition(() -> Procs.connections(this.self, emulator.port(), -1) < 20, Duration.ofSeconds(60));
		}
	}

	private double waiters(Jvm gateway, List<String> groups) {
		return this.http.prometheus(gateway.management(), "worker_gateway_waiters")
			.stream()
			.filter((s) -> groups.contains(s.label("worker_group")))
			.mapToDouble(Http.Sample::value)
			.sum();
	}

	private static void awaitCondition(java.util.function.BooleanSupplier condition, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			try {
				if (condition.getAsBoolean()) {
					return;
				}
			}
			catch (RuntimeException ex) {
				// transient
			}
			Procs.sleep(250);
		}
		log("WARNING: condition not met within " + timeout);
	}

	/**
	 * JIT warm-up of the deep-queue path on both sides: saturation for a while, not
	 * recorded.
	 */
	private void warmUp(Jvm emulator, Jvm gateway) {
		log("warm-up: " + this.config.warmUpSeconds + " s of saturation on each path (not recorded)");
		try (PollPath direct = directPath(emulator, this.config.concurrency * 2)) {
			PollPath viaGateway = gatewayPath(gateway, 2);
			for (PollPath path : List.of(viaGateway, direct)) {
				saturate(emulator, gateway, path, 20_000, "warm", this.config.warmUpSeconds);
			}
		}
		this.warmUpNote = "Before the overhead, throughput and hand-off runs both paths were warmed up (JIT) with "
				+ this.config.warmUpSeconds + " s of saturation each, not recorded.";
	}

	private String warmUpNote = "";

	// --- 2. overhead at fixed rates

	private void overhead(Jvm emulator, Jvm gateway) {
		// rate -> path -> metric -> runs
		Map<Integer, Map<String, Map<String, List<Double>>>> results = new LinkedHashMap<>();
		try (PollPath direct = directPath(emulator, 2000)) {
			PollPath viaGateway = gatewayPath(gateway, 5);
			for (int run = 1; run <= this.config.runs; run++) {
				for (int rate : this.config.rates) {
					List<PollPath> order = (run % 2 == 1) ? List.of(viaGateway, direct) : List.of(direct, viaGateway);
					for (PollPath path : order) {
						log("overhead: run " + run + ", " + rate + "/s, " + path.name());
						Histogram histogram = fixedRate(emulator, path, rate, "ov" + run + "-" + rate);
						Map<String, List<Double>> metrics = results.computeIfAbsent(rate, (r) -> new LinkedHashMap<>())
							.computeIfAbsent(path.name(), (p) -> new LinkedHashMap<>());
						metrics.computeIfAbsent("p50", (k) -> new ArrayList<>()).add(Stats.ms(histogram, 50));
						metrics.computeIfAbsent("p99", (k) -> new ArrayList<>()).add(Stats.ms(histogram, 99));
						metrics.computeIfAbsent("p99.9", (k) -> new ArrayList<>()).add(Stats.ms(histogram, 99.9));
						metrics.computeIfAbsent("n", (k) -> new ArrayList<>()).add((double) histogram.getTotalCount());
					}
				}
			}
		}
		if (!this.config.rates.contains(200)) {
			this.report.targets.notMeasured(Targets.Measure.ADDED_LATENCY, "200/s is not among --rates="
					+ this.config.rates.stream().map(String::valueOf).collect(Collectors.joining(",")));
		}
		List<List<String>> rows = new ArrayList<>();
		String summary = "";
		for (Map.Entry<Integer, Map<String, Map<String, List<Double>>>> byRate : results.entrySet()) {
			Map<String, List<Double>> gw = byRate.getValue().get("gateway");
			Map<String, List<Double>> direct = byRate.getValue().get("direct");
			Map<String, String> added = new HashMap<>();
			for (String p : List.of("p50", "p99", "p99.9")) {
				double g = Stats.median(gw.get(p));
				double d = Stats.median(direct.get(p));
				added.put(p, f(g - d, 2));
				rows.add(List.of(byRate.getKey() + "/s", p, Stats.runs(gw.get(p), 2), f(g, 2),
						Stats.runs(direct.get(p), 2), f(d, 2), added.get(p), f(g / d, 2) + "×"));
			}
			if (byRate.getKey() == 200) {
				this.report.targets.measured(
						Targets.Measure.ADDED_LATENCY, "p50 " + added.get("p50") + " ms / p99 " + added.get("p99")
								+ " ms (" + Targets.medianOf(this.config.runs, "run") + ")",
						added.get("p50"), added.get("p99"));
			}
			double g50 = Stats.median(gw.get("p50"));
			double d50 = Stats.median(direct.get("p50"));
			double g99 = Stats.median(gw.get("p99"));
			double d99 = Stats.median(direct.get("p99"));
			summary = String.format(Locale.ROOT,
					"- Overhead at %d polls/s on a deep queue: p50 %s ms through the gateway vs %s ms direct (+%s ms), "
							+ "p99 %s vs %s ms (medians of %d runs).",
					byRate.getKey(), f(g50, 2), f(d50, 2), f(g50 - d50, 2), f(g99, 1), f(d99, 1), this.config.runs);
		}
		this.report.summary.add(summary);
		this.report.section("## 2. Overhead: polls that find a task at once\n\n"
				+ "The emulator's queues are filled first (deep queue over " + GROUPS + " groups), then polls are "
				+ "issued open-loop at a fixed rate for " + this.config.rateSeconds + " s each (the first second is "
				+ "warm-up and not recorded). Latency is from the poll's *intended* start to its answer (no "
				+ "coordinated omission), recorded in an HdrHistogram. Milliseconds; runs alternate the order of the "
				+ "two paths. " + this.warmUpNote + "\n\n"
				+ Report.table(List.of("rate", "percentile", "gateway runs (ms)", "gateway median", "direct runs (ms)",
						"direct median", "difference (ms)", "ratio"), rows));
	}

	private Histogram fixedRate(Jvm emulator, PollPath path, int rate, String prefix) {
		this.http.reset(emulator.url());
		List<String> groups = groups(prefix + "-" + path.name(), GROUPS);
		int total = rate * this.config.rateSeconds;
		this.http.scheduleMany(emulator.url(), groups, total + GROUPS * 2);
		Histogram histogram = Stats.histogram();
		CountDownLatch done = new CountDownLatch(total);
		AtomicInteger misses = new AtomicInteger();
		long intervalNanos = 1_000_000_000L / rate;
		long start = System.nanoTime() + 200_000_000L;
		for (int i = 0; i < total; i++) {
			long intended = start + i * intervalNanos;
			long wait = intended - System.nanoTime();
			if (wait > 0) {
				LockSupport.parkNanos(wait);
			}
			boolean record = i >= rate;
			path.poll(groups.get(i % GROUPS)).hasElement().subscribe((found) -> {
				if (!found) {
					misses.incrementAndGet();
				}
				if (record) {
					histogram.recordValue(Math.max(1, (System.nanoTime() - intended) / 1000));
				}
				done.countDown();
			}, (ex) -> {
				misses.incrementAndGet();
				done.countDown();
			});
		}
		try {
			done.await(60, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		if (misses.get() > 0) {
			log("WARNING: " + misses.get() + " polls without a task");
		}
		return histogram;
	}

	// --- 3. throughput (and the profile)

	private void throughput(Jvm emulator, Jvm gateway) {
		Map<String, Map<String, List<Double>>> results = new LinkedHashMap<>();
		Map<String, Integer> stock = new HashMap<>(Map.of("gateway", 6000, "direct", 12000));
		String profile = "";
		try (PollPath direct = directPath(emulator, this.config.concurrency * 2)) {
			PollPath viaGateway = gatewayPath(gateway, 2);
			for (int run = 1; run <= this.config.runs; run++) {
				List<PollPath> order = (run % 2 == 1) ? List.of(viaGateway, direct) : List.of(direct, viaGateway);
				for (PollPath path : order) {
					boolean profiled = run == 1 && path == viaGateway;
					Path jfr = this.config.workDir.resolve("gateway-throughput.jfr");
					if (profiled) {
						Procs.jcmd(gateway.pid(), "JFR.start", "name=bench", "settings=profile", "filename=" + jfr);
					}
					log("throughput: run " + run + ", " + path.name() + (profiled ? " (JFR on the gateway)" : ""));
					Map<String, Double> r = saturate(emulator, gateway, path, stock.get(path.name()), "tp" + run,
							this.config.throughputSeconds);
					if (profiled) {
						Procs.jcmd(gateway.pid(), "JFR.stop", "name=bench");
						profile = summariseProfile(jfr);
					}
					stock.put(path.name(), (int) Math.max(stock.get(path.name()),
							r.get("rate") * this.config.throughputSeconds * 1.6));
					Map<String, List<Double>> metrics = results.computeIfAbsent(path.name(),
							(p) -> new LinkedHashMap<>());
					r.forEach((k, v) -> metrics.computeIfAbsent(k, (x) -> new ArrayList<>()).add(v));
				}
			}
		}
		Map<String, List<Double>> gw = results.get("gateway");
		Map<String, List<Double>> direct = results.get("direct");
		List<List<String>> rows = new ArrayList<>();
		rows.add(
				List.of("tasks delivered per second", Stats.runs(gw.get("rate"), 0), f(Stats.median(gw.get("rate")), 0),
						Stats.runs(direct.get("rate"), 0), f(Stats.median(direct.get("rate")), 0),
						f(Stats.median(gw.get("rate")) / Stats.median(direct.get("rate")), 2) + "×"));
		for (String key : List.of("gatewayCpu", "emulatorCpu", "driverCpu", "totalCpu")) {
			String label = switch (key) {
				case "gatewayCpu" -> "CPU s per 1,000 tasks: gateway process";
				case "emulatorCpu" -> "CPU s per 1,000 tasks: emulator process";
				case "driverCpu" -> "CPU s per 1,000 tasks: driver (workers) process";
				default -> "CPU s per 1,000 tasks: all processes";
			};
			List<Double> d = direct.get(key);
			rows.add(List.of(label, Stats.runs(gw.get(key), 3), f(Stats.median(gw.get(key)), 3),
					(d == null) ? "—" : Stats.runs(d, 3), (d == null) ? "—" : f(Stats.median(d), 3),
					(d == null) ? "—" : f(Stats.median(gw.get(key)) / Stats.median(d), 2) + "×"));
		}
		this.report.summary.add(String.format(Locale.ROOT,
				"- Throughput at saturation (%d concurrent workers, %d groups, K=1): %s tasks/s through the gateway vs "
						+ "%s direct; the gateway process spends %s CPU s per 1,000 tasks.",
				this.config.concurrency, GROUPS, f(Stats.median(gw.get("rate")), 0),
				f(Stats.median(direct.get("rate")), 0), f(Stats.median(gw.get("gatewayCpu")), 2)));
		this.report.section("## 3. Throughput at saturation\n\n" + this.config.concurrency
				+ " closed-loop workers on each path (the same client concurrency), deep queue over " + GROUPS
				+ " groups, " + this.config.throughputSeconds + " s per run. The gateway runs with its defaults: "
				+ "K=1 upstream poll in flight per group, so the gateway path's ceiling is about " + GROUPS
				+ " / (upstream round trip). CPU from `/proc/<pid>/stat` (utime+stime) over the run.\n\n"
				+ Report.table(List.of("measure", "gateway runs", "gateway median", "direct runs", "direct median",
						"gateway / direct"), rows)
				+ "\n" + profile);
	}

	private Map<String, Double> saturate(Jvm emulator, Jvm gateway, PollPath path, int stock, String prefix,
			int runSeconds) {
		this.http.reset(emulator.url());
		List<String> groups = groups(prefix + "-" + path.name(), GROUPS);
		this.http.scheduleMany(emulator.url(), groups, stock);
		double gw0 = Procs.cpuSeconds(gateway.pid());
		double em0 = Procs.cpuSeconds(emulator.pid());
		double dr0 = Procs.cpuSeconds(this.self);
		AtomicLong delivered = new AtomicLong();
		AtomicLong last = new AtomicLong();
		AtomicBoolean running = new AtomicBoolean(true);
		AtomicInteger empty = new AtomicInteger();
		long start = System.nanoTime();
		CountDownLatch done = new CountDownLatch(this.config.concurrency);
		for (int i = 0; i < this.config.concurrency; i++) {
			String group = groups.get(i % GROUPS);
			Mono.defer(() -> path.poll(group)).doOnNext((task) -> {
				delivered.incrementAndGet();
				last.set(System.nanoTime());
			}).switchIfEmpty(Mono.fromRunnable(() -> {
				empty.incrementAndGet();
				running.set(false);
			}))
				.repeat(() -> running.get() && System.nanoTime() - start < Duration.ofSeconds(runSeconds).toNanos())
				.doFinally((signal) -> done.countDown())
				.subscribe(null, (ex) -> log("poll failed: " + ex));
		}
		try {
			done.await(120, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		double seconds = (last.get() - start) / 1e9;
		double tasks = delivered.get();
		double gw = (path.name().equals("gateway")) ? (Procs.cpuSeconds(gateway.pid()) - gw0) : Double.NaN;
		double em = Procs.cpuSeconds(emulator.pid()) - em0;
		double dr = Procs.cpuSeconds(this.self) - dr0;
		if (empty.get() > 0) {
			log("WARNING: the queue ran dry (" + empty.get() + " empty polls); rate measured until the last task");
		}
		Map<String, Double> r = new LinkedHashMap<>();
		r.put("rate", tasks / seconds);
		if (path.name().equals("gateway")) {
			r.put("gatewayCpu", gw / tasks * 1000);
		}
		r.put("emulatorCpu", em / tasks * 1000);
		r.put("driverCpu", dr / tasks * 1000);
		r.put("totalCpu", ((Double.isNaN(gw) ? 0 : gw) + em + dr) / tasks * 1000);
		log(String.format(Locale.ROOT, "  %s: %.0f tasks in %.1f s = %.0f/s", path.name(), tasks, seconds,
				tasks / seconds));
		return r;
	}

	/**
	 * Summarises the JFR execution samples: by layer, top frames, and the gateway's own
	 * code.
	 */
	private String summariseProfile(Path jfr) {
		Map<String, Integer> layers = new HashMap<>();
		Map<String, Integer> topFrames = new HashMap<>();
		Map<String, Integer> gatewayFrames = new HashMap<>();
		int total = 0;
		int withGateway = 0;
		try {
			for (RecordedEvent event : RecordingFile.readAllEvents(jfr)) {
				if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null) {
					continue;
				}
				List<RecordedFrame> frames = event.getStackTrace().getFrames();
				if (frames.isEmpty()) {
					continue;
				}
				total++;
				RecordedFrame top = frames.get(0);
				String topName = top.getMethod().getType().getName() + "." + top.getMethod().getName();
				topFrames.merge(topName, 1, Integer::sum);
				layers.merge(layer(top.getMethod().getType().getName()), 1, Integer::sum);
				for (RecordedFrame frame : frames) {
					String type = frame.getMethod().getType().getName();
					if (type.startsWith("com.platform.workergateway")) {
						withGateway++;
						gatewayFrames.merge(
								type.substring(type.lastIndexOf('.') + 1) + "." + frame.getMethod().getName(), 1,
								Integer::sum);
						break;
					}
				}
			}
		}
		catch (Exception ex) {
			return "Profile: could not read " + jfr + ": " + ex + "\n";
		}
		int n = Math.max(1, total);
		StringBuilder out = new StringBuilder();
		out.append("### Profile of the gateway's hot path (JFR)\n\n");
		out.append("JFR (`jcmd <pid> JFR.start settings=profile`) on the gateway during throughput run 1; ")
			.append(total)
			.append(" `jdk.ExecutionSample` events, summarised by the driver (same data as `jfr print --events "
					+ "jdk.ExecutionSample target/bench/gateway-throughput.jfr`).\n\n");
		out.append("Top-of-stack samples by layer:\n\n");
		List<List<String>> rows = new ArrayList<>();
		layers.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
			.forEach((e) -> rows
				.add(List.of(e.getKey(), String.valueOf(e.getValue()), f(100.0 * e.getValue() / n, 1) + " %")));
		out.append(Report.table(List.of("layer (top frame)", "samples", "share"), rows));
		out.append("\nTop 12 top-of-stack methods:\n\n");
		List<List<String>> top = new ArrayList<>();
		topFrames.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
			.limit(12)
			.forEach((e) -> top.add(List.of("`" + e.getKey() + "`", String.valueOf(e.getValue()),
					f(100.0 * e.getValue() / n, 1) + " %")));
		out.append(Report.table(List.of("method", "samples", "share"), top));
		out.append("\nSamples with a gateway (`com.platform.workergateway`) frame anywhere on the stack: ")
			.append(withGateway)
			.append(" (")
			.append(f(100.0 * withGateway / n, 1))
			.append(" %, inclusive of everything it calls); innermost gateway frames:\n\n");
		List<List<String>> own = new ArrayList<>();
		gatewayFrames.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
			.limit(8)
			.forEach((e) -> own.add(List.of("`" + e.getKey() + "`", String.valueOf(e.getValue()),
					f(100.0 * e.getValue() / n, 1) + " %")));
		out.append(Report.table(List.of("gateway method (innermost on stack)", "samples", "share"), own));
		this.profileGatewayTopShare = 100.0 * layers.getOrDefault("gateway (com.platform.workergateway)", 0) / n;
		return out.toString();
	}

	double profileGatewayTopShare = Double.NaN;

	private static String layer(String type) {
		if (type.startsWith("com.platform.workergateway")) {
			return "gateway (com.platform.workergateway)";
		}
		if (type.startsWith("io.netty")) {
			return "Netty";
		}
		if (type.startsWith("reactor.")) {
			return "Reactor / Reactor Netty";
		}
		if (type.startsWith("org.springframework")) {
			return "Spring";
		}
		if (type.startsWith("software.amazon")) {
			return "AWS SDK";
		}
		if (type.startsWith("tools.jackson") || type.startsWith("com.fasterxml")) {
			return "Jackson";
		}
		if (type.startsWith("io.micrometer")) {
			return "Micrometer";
		}
		if (type.startsWith("io.github.resilience4j")) {
			return "Resilience4j";
		}
		if (type.startsWith("java.") || type.startsWith("jdk.") || type.startsWith("sun.")) {
			return "JDK";
		}
		return "other";
	}

	// --- 4. hand-off latency

	private void handoff(Jvm emulator, Jvm gateway) {
		Map<String, Map<String, List<Double>>> results = new LinkedHashMap<>();
		for (int run = 1; run <= this.config.runs; run++) {
			for (String pathName : (run % 2 == 1) ? List.of("gateway", "direct") : List.of("direct", "gateway")) {
				log("hand-off: run " + run + ", " + pathName);
				try (PollPath path = pathName.equals("gateway") ? gatewayPath(gateway, 60)
						: directPath(emulator, 200)) {
					Histogram h = handoffRun(emulator, gateway, path, "ho" + run);
					Map<String, List<Double>> metrics = results.computeIfAbsent(pathName, (p) -> new LinkedHashMap<>());
					metrics.computeIfAbsent("p50", (k) -> new ArrayList<>()).add(Stats.ms(h, 50));
					metrics.computeIfAbsent("p99", (k) -> new ArrayList<>()).add(Stats.ms(h, 99));
					metrics.computeIfAbsent("max", (k) -> new ArrayList<>()).add(h.getMaxValue() / 1000.0);
				}
			}
		}
		List<List<String>> rows = new ArrayList<>();
		for (String p : List.of("p50", "p99", "max")) {
			double g = Stats.median(results.get("gateway").get(p));
			double d = Stats.median(results.get("direct").get(p));
			rows.add(List.of(p, Stats.runs(results.get("gateway").get(p), 2), f(g, 2),
					Stats.runs(results.get("direct").get(p), 2), f(d, 2), f(g - d, 2)));
		}
		this.report.summary.add(String.format(Locale.ROOT,
				"- Hand-off (task scheduled → waiting worker has it): p50 %s ms via the gateway vs %s ms direct, p99 %s "
						+ "vs %s ms.",
				f(Stats.median(results.get("gateway").get("p50")), 1),
				f(Stats.median(results.get("direct").get("p50")), 1),
				f(Stats.median(results.get("gateway").get("p99")), 1),
				f(Stats.median(results.get("direct").get("p99")), 1)));
		this.report.section("## 4. Hand-off latency\n\n100 workers wait (10 per group, " + GROUPS + " groups); "
				+ this.config.handoffTasks + " tasks are then scheduled through the emulator's admin API at 20/s, "
				+ "round-robin over the groups. Latency is from just before the `POST /emulator/tasks` to the moment "
				+ "a waiting worker's poll answer carries that task. Milliseconds.\n\n"
				+ Report.table(
						List.of("", "gateway runs", "gateway median", "direct runs", "direct median", "difference"),
						rows));
	}

	private Histogram handoffRun(Jvm emulator, Jvm gateway, PollPath path, String prefix) {
		this.http.reset(emulator.url());
		List<String> groups = groups(prefix + "-" + path.name(), GROUPS);
		Map<String, Long> receipts = new ConcurrentHashMap<>();
		AtomicBoolean running = new AtomicBoolean(true);
		List<Disposable> loops = new ArrayList<>();
		for (int i = 0; i < 100; i++) {
			String group = groups.get(i % GROUPS);
			loops.add(Mono.defer(() -> path.poll(group))
				.doOnNext((taskId) -> receipts.put(taskId, System.nanoTime()))
				.onErrorResume((ex) -> Mono.delay(Duration.ofMillis(200)).then(Mono.empty()))
				.repeat(running::get)
				.subscribe());
		}
		if (path.name().equals("gateway")) {
			awaitCondition(() -> waiters(gateway, groups) >= 100, Duration.ofSeconds(30));
		}
		else {
			awaitCondition(() -> Procs.connections(this.self, emulator.port(), -1) >= 100, Duration.ofSeconds(30));
		}
		Procs.sleep(500);
		Map<String, Long> sent = new HashMap<>();
		long interval = 50_000_000L;
		long start = System.nanoTime();
		for (int i = 0; i < this.config.handoffTasks; i++) {
			long intended = start + i * interval;
			long wait = intended - System.nanoTime();
			if (wait > 0) {
				LockSupport.parkNanos(wait);
			}
			long t0 = System.nanoTime();
			String taskId = this.http.schedule(emulator.url(), groups.get(i % GROUPS)).block(Duration.ofSeconds(10));
			sent.put(taskId, t0);
		}
		awaitCondition(() -> receipts.keySet().containsAll(sent.keySet()), Duration.ofSeconds(30));
		running.set(false);
		loops.forEach(Disposable::dispose);
		Histogram h = Stats.histogram();
		sent.forEach((id, t0) -> {
			Long t1 = receipts.get(id);
			if (t1 != null) {
				h.recordValue(Math.max(1, (t1 - t0) / 1000));
			}
		});
		if (h.getTotalCount() < sent.size()) {
			log("WARNING: " + (sent.size() - h.getTotalCount()) + " tasks not received");
		}
		return h;
	}

	// ------------------------------------------------------------------ faults

	private static final List<String> FAULT_GATEWAY = List.of("--worker-gateway.upstream.poll-hold=3s",
			"--worker-gateway.upstream.poll-response-timeout=5s", "--worker-gateway.upstream.sdk-timeout-margin=2s",
			"--worker-gateway.upstream.pending-acquire-timeout=2s", "--worker-gateway.upstream.connect-timeout=1s",
			"--spring.lifecycle.timeout-per-shutdown-phase=30s",
			"--resilience4j.circuitbreaker.instances.pollForTask.wait-duration-in-open-state=5s",
			"--worker-gateway.dispatch.orphan-hold=5s");

	void faults() {
		log("fault runs: starting emulator (hold 3 s, acknowledgement window 20 s) and gateway A");
		Jvm emulator = Cluster.emulator(this.config, "fault-emulator", Duration.ofSeconds(3), Duration.ofSeconds(20));
		Jvm gateway = Cluster.gateway(this.config, "fault-gateway-a", emulator, List.of(), FAULT_GATEWAY);
		try {
			if (this.config.runs("notasklost")) {
				gateway = noTaskLost(emulator, gateway, this.config.abandonRate, "b");
				// The same without abandoned polls: the restart alone.
				gateway = noTaskLost(emulator, gateway, 0, "c");
			}
			if (this.config.runs("outage")) {
				outage(emulator, gateway);
			}
			if (this.config.runs("hang")) {
				hang(emulator, gateway);
			}
			if (this.config.runs("soak")) {
				soak(emulator, gateway);
			}
		}
		finally {
			Procs.terminate(gateway.process(), 40);
			Procs.terminate(emulator.process(), 20);
		}
	}

	private static String faultSettings() {
		return "Fault runs use their own emulator (hold 3 s, acknowledgement window 20 s) and gateway (`"
				+ String.join(" ", FAULT_GATEWAY) + "`; otherwise as above).";
	}

	// --- no task lost

	private Jvm noTaskLost(Jvm emulator, Jvm first, double abandonRate, String next) {
		this.http.reset(emulator.url());
		List<String> groups = groups("ntl", GROUPS);
		AtomicReference<String> base = new AtomicReference<>(first.url());
		Fleet fleet = new Fleet(this.http, base::get, groups, 2, abandonRate, 1000, true, false)
			.start(this.config.workers);
		long start = System.nanoTime();
		AtomicReference<Jvm> second = new AtomicReference<>();
		AtomicLong sigtermAt = new AtomicLong();
		AtomicLong exitedAt = new AtomicLong();
		AtomicReference<Instant> sigtermInstant = new AtomicReference<>();
		AtomicReference<Instant> exitInstant = new AtomicReference<>();
		Thread restart = new Thread(() -> {
			log("no task lost: starting gateway " + next + ", then SIGTERM to " + first.name());
			Jvm b = Cluster.gateway(this.config, "fault-gateway-" + next, emulator, List.of(), FAULT_GATEWAY);
			second.set(b);
			base.set(b.url());
			sigtermInstant.set(Instant.now());
			sigtermAt.set(System.nanoTime());
			Procs.terminate(first.process(), 90);
			exitedAt.set(System.nanoTime());
			exitInstant.set(Instant.now());
			log("no task lost: A exited " + (exitedAt.get() - sigtermAt.get()) / 1_000_000
					+ " ms after SIGTERM, exit code " + first.process().exitValue());
		});
		long interval = 10_000_000L;
		for (int i = 0; i < this.config.tasks; i++) {
			long intended = start + i * interval;
			long wait = intended - System.nanoTime();
			if (wait > 0) {
				LockSupport.parkNanos(wait);
			}
			this.http.schedule(emulator.url(), groups.get(i % GROUPS)).block(Duration.ofSeconds(10));
			if (i == this.config.tasks / 2) {
				restart.start();
			}
		}
		try {
			restart.join(180_000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		log("no task lost: all scheduled; waiting for every task to finish");
		awaitCondition(() -> allFinished(emulator), Duration.ofSeconds(150));
		fleet.stop();
		double took = (System.nanoTime() - start) / 1e9;
		JsonNode ledger = this.http.ledger(emulator.url());
		int tasks = 0;
		int finished = 0;
		int reassignedForAck = 0;
		int byAbandon = 0;
		int byRestart = 0;
		int droppedByWorker = 0;
		int readByWorker = 0;
		int other = 0;
		int duplicates = 0;
		int reassignedAll = 0;
		for (JsonNode task : ledger) {
			tasks++;
			if ("FINISHED".equals(task.get("state").asString())) {
				finished++;
			}
			String id = task.get("taskId").asString();
			String group = task.get("workerGroup").asString();
			int assignments = task.get("assignments").size();
			AtomicInteger delivered = fleet.deliveries.get(id);
			if (delivered != null && delivered.get() > assignments) {
				duplicates++;
			}
			for (JsonNode assignment : task.get("assignments")) {
				JsonNode reason = assignment.get("reason");
				if (reason == null || reason.isNull()) {
					continue;
				}
				reassignedAll++;
				if (!reason.asString().startsWith("not acknowledged")) {
					continue;
				}
				reassignedForAck++;
				Instant assigned = Instant.parse(assignment.get("assignedAt").asString());
				log("re-assigned for a missing acknowledgement: task " + id.substring(0, Math.min(16, id.length()))
						+ "… assigned " + assigned + ", received by workers "
						+ ((delivered != null) ? delivered.get() : 0) + " time(s) in " + assignments
						+ " assignment(s)");
				boolean abandonedInFlight = fleet.abandons.stream()
					.anyMatch((a) -> a.group().equals(group) && !a.at().isBefore(assigned.minusMillis(5))
							&& !a.at().isAfter(assigned.plusSeconds(1)));
				boolean duringRestart = sigtermInstant.get() != null && exitInstant.get() != null
						&& !assigned.isBefore(sigtermInstant.get().minusSeconds(1))
						&& !assigned.isAfter(exitInstant.get().plusMillis(500));
				boolean readThenAbandoned = fleet.abandonsWhileReading.stream()
					.anyMatch((a) -> a.group().equals(group) && !a.at().isBefore(assigned.minusMillis(5))
							&& !a.at().isAfter(assigned.plusSeconds(1)));
				if (fleet.droppedAfterArrival.contains(id)) {
					droppedByWorker++;
				}
				else if (readThenAbandoned) {
					readByWorker++;
				}
				else if (duringRestart) {
					byRestart++;
				}
				else if (abandonedInFlight) {
					byAbandon++;
				}
				else {
					other++;
				}
			}
		}
		boolean pass = tasks == this.config.tasks && finished == tasks && duplicates == 0;
		// A worker that received its whole answer and dropped it is beyond any gateway.
		int beyondTheGateway = droppedByWorker + readByWorker;
		boolean strict = pass && reassignedForAck - beyondTheGateway == 0;
		List<List<String>> rows = new ArrayList<>();
		rows.add(List.of("tasks scheduled / finished", tasks + " / " + finished));
		rows.add(List.of("workers; polls; abandoned mid-wait",
				this.config.workers + "; " + fleet.polls.get() + "; " + fleet.abandoned.get() + " ("
						+ f(100.0 * fleet.abandoned.get() / Math.max(1, fleet.polls.get()), 1)
						+ " % of polls; chosen with p=" + abandonRate
						+ ", abandoned within 1 s unless the answer had begun; " + fleet.abandonedWhileReading.get()
						+ " of them raced the answer: their client read answer bytes after the worker had abandoned)"));
		rows.add(List.of("graceful restart",
				"a new gateway started, traffic switched to it, then SIGTERM to the old one: it exited "
						+ (exitedAt.get() - sigtermAt.get()) / 1_000_000 + " ms after SIGTERM"));
		rows.add(List.of("re-assigned for a missing acknowledgement",
				reassignedForAck + " (answer received in full by the worker's HTTP client, then dropped by the "
						+ "worker's abandon timer: " + droppedByWorker + "; within 1 s after a poll of the group was "
						+ "abandoned while its client was still reading an answer off the socket: " + readByWorker
						+ "; assigned during A's drain: " + byRestart
						+ "; within 1 s before a poll of the group was abandoned: " + byAbandon + "; other: " + other
						+ ")"));
		rows.add(List.of("duplicate deliveries (one task to two workers in one attempt)", String.valueOf(duplicates)));
		rows.add(List.of("poll answers by status", fleet.statuses.toString()));
		rows.add(List.of("reports failed and retried", String.valueOf(fleet.reportFailures.get())));
		rows.add(List.of("duration", f(took, 0) + " s"));
		rows.add(List.of("verdict",
				(pass ? "PASS" : "FAIL") + ": every task finished, none delivered twice; " + (strict
						? "and none re-assigned but for answers the worker dropped after its client read them (strict"
								+ " goal met)"
						: "strict goal (no re-assignment) NOT met: " + (reassignedForAck - beyondTheGateway)
								+ " re-assigned besides the " + beyondTheGateway
								+ " answers the worker dropped after its client read them")));
		this.report.summary
			.add("- No task lost (" + tasks + " tasks, " + this.config.workers + " workers, " + fleet.abandoned.get()
					+ " polls abandoned, graceful restart): " + finished + " finished, " + duplicates
					+ " duplicate deliveries, " + reassignedForAck + " re-assigned for a missing acknowledgement.");
		this.report.section("## Fault run: no task lost"
				+ ((abandonRate > 0) ? ", abandoned polls and a restart" : ", restart only") + "\n\n" + faultSettings()
				+ " Workers poll with `Prefer: wait=2` "
				+ "(below the 3 s hold, as 45–50 s is below 90 s in production), acknowledge (first progress) and "
				+ "finish each task; tasks are scheduled at 100/s over " + GROUPS + " groups.\n\n"
				+ Report.table(List.of("measure", "value"), rows));
		return second.get() != null ? second.get() : first;
	}

	private boolean allFinished(Jvm emulator) {
		JsonNode ledger = this.http.ledger(emulator.url());
		if (ledger.size() < this.config.tasks) {
			return false;
		}
		for (JsonNode task : ledger) {
			if (!"FINISHED".equals(task.get("state").asString())) {
				return false;
			}
		}
		return true;
	}

	// --- upstream outage

	private void outage(Jvm emulator, Jvm gateway) {
		this.http.reset(emulator.url());
		List<String> groups = groups("outage", GROUPS);
		Fleet fleet = new Fleet(this.http, gateway::url, groups, 2, 0, 0, true, false).start(50);
		Procs.sleep(5000);
		record Sample(long nanos, String state, long calls) {
		}
		List<Sample> samples = java.util.Collections.synchronizedList(new ArrayList<>());
		AtomicBoolean sampling = new AtomicBoolean(true);
		Thread sampler = new Thread(() -> {
			while (sampling.get()) {
				try {
					String state = this.http.prometheus(gateway.management(), "resilience4j_circuitbreaker_state")
						.stream()
						.filter((s) -> "pollForTask".equals(s.label("name")) && s.value() == 1.0)
						.map((s) -> s.label("state"))
						.findFirst()
						.orElse("?");
					samples.add(new Sample(System.nanoTime(), state, this.http.calls(emulator.url(), "PollForTask")));
				}
				catch (RuntimeException ex) {
					// keep sampling
				}
				Procs.sleep(100);
			}
		});
		sampler.start();
		Procs.sleep(1000);
		int answersBefore = fleet.answers.size();
		log("outage: 100 % InternalServiceError on PollForTask for " + this.config.outageSeconds + " s");
		long outageStart = System.nanoTime();
		this.http.fault(emulator.url(), "{\"operation\":\"PollForTask\",\"error\":\"InternalServiceError\"}");
		Procs.sleep(this.config.outageSeconds * 1000L);
		this.http.clearFaults(emulator.url());
		long outageEnd = System.nanoTime();
		awaitCondition(() -> !samples.isEmpty() && samples.get(samples.size() - 1).nanos() > outageEnd
				&& samples.get(samples.size() - 1).state().equals("closed"), Duration.ofSeconds(60));
		int receivedBefore = fleet.received.size();
		this.http.scheduleMany(emulator.url(), groups, GROUPS);
		awaitCondition(() -> fleet.received.size() >= receivedBefore + GROUPS, Duration.ofSeconds(30));
		long recovered = System.nanoTime();
		sampling.set(false);
		fleet.stop();
		List<Sample> all = new ArrayList<>(samples);
		Sample opened = all.stream()
			.filter((s) -> s.nanos() > outageStart && s.state().equals("open"))
			.findFirst()
			.orElse(null);
		Sample closed = all.stream()
			.filter((s) -> s.nanos() > outageEnd && s.state().equals("closed"))
			.findFirst()
			.orElse(null);
		long halfOpenSamples = all.stream().filter((s) -> s.state().equals("half_open")).count();
		List<Fleet.Answer> during = new ArrayList<>(fleet.answers).subList(answersBefore, fleet.answers.size());
		List<Long> unavailable = during.stream()
			.filter((a) -> a.status() == 503)
			.map((a) -> (long) (a.millis() * 1000))
			.sorted()
			.toList();
		long withRetryAfter = during.stream().filter((a) -> a.status() == 503 && a.retryAfter() != null).count();
		long badGateway = during.stream().filter((a) -> a.status() == 502).count();
		List<List<String>> rows = new ArrayList<>();
		boolean pass = opened != null && closed != null;
		if (opened != null && closed != null) {
			double openFor = (closed.nanos() - opened.nanos()) / 1e9;
			long callsWhileOpen = closed.calls() - opened.calls();
			long bound = (long) Math.ceil(openFor / 5.0) * 3 + GROUPS;
			pass = pass && callsWhileOpen <= bound && withRetryAfter == unavailable.size() && !unavailable.isEmpty();
			rows.add(List.of("time to open (fault injected → breaker OPEN)", f((opened.nanos() - outageStart) / 1e6, 0)
					+ " ms (sliding window 20 calls, at least 10, 50 % failures)"));
			rows.add(List.of("time to close (fault cleared → breaker CLOSED)",
					f((closed.nanos() - outageEnd) / 1e6, 0) + " ms (open 5 s, then 3 half-open probes)"));
			rows.add(List.of("PollForTask calls upstream while not closed",
					callsWhileOpen + " in " + f(openFor, 1)
							+ " s (bound: 3 probes per 5 s open period + one poll per group under way at the opening = "
							+ bound + ")"));
		}
		else {
			rows.add(List.of("breaker",
					"did not open and close as expected: opened=" + (opened != null) + " closed=" + (closed != null)));
		}
		rows.add(List.of("samples seen HALF_OPEN (100 ms sampling)", String.valueOf(halfOpenSamples)));
		rows.add(List.of("workers' 503 answers", unavailable.size() + ", with Retry-After: " + withRetryAfter));
		rows.add(List.of("503 latency p50 / p99 / max", f(Stats.percentile(unavailable, 50) / 1000, 1) + " / "
				+ f(Stats.percentile(unavailable, 99) / 1000, 1) + " / "
				+ f(unavailable.isEmpty() ? Double.NaN : unavailable.get(unavailable.size() - 1) / 1000.0, 1) + " ms"));
		rows.add(List.of("502 answers (before the breaker opened, and failed probes)", String.valueOf(badGateway)));
		rows.add(List.of("recovery without restart", "tasks scheduled after the outage delivered "
				+ f((recovered - outageEnd) / 1e6, 0) + " ms after it ended"));
		rows.add(List.of("verdict", pass ? "PASS" : "FAIL"));
		if (opened != null && closed != null) {
			this.report.summary.add(String.format(Locale.ROOT,
					"- Upstream outage: breaker open %s ms after the first errors, workers got 503 + Retry-After in "
							+ "%s ms (p50), %d upstream calls while open (half-open probes), closed %s ms after recovery.",
					f((opened.nanos() - outageStart) / 1e6, 0), f(Stats.percentile(unavailable, 50) / 1000, 1),
					closed.calls() - opened.calls(), f((closed.nanos() - outageEnd) / 1e6, 0)));
		}
		this.report.section("## Fault run: upstream outage\n\n" + faultSettings() + " 50 workers over " + GROUPS
				+ " groups poll (`Prefer: wait=2`) and retry 200 ms after an error (they do not honour Retry-After, "
				+ "to keep the pressure on); the emulator answers every PollForTask with `InternalServiceError` for "
				+ this.config.outageSeconds + " s. Breaker state sampled every 100 ms from "
				+ "`resilience4j_circuitbreaker_state`, upstream calls from `/emulator/calls`.\n\n"
				+ Report.table(List.of("measure", "value"), rows));
	}

	// --- upstream hang

	private record Snapshot(long rss, long heap, int threads, long fds, long upstream, long inbound) {

		String describe() {
			return "RSS " + Procs.mb(this.rss) + ", heap after GC " + Procs.mb(this.heap) + ", threads " + this.threads
					+ ", fds " + this.fds + ", upstream connections " + this.upstream + ", worker connections "
					+ this.inbound;
		}

	}

	private Snapshot snapshot(Jvm gateway, Jvm emulator) {
		long heap = Procs.heapAfterGc(gateway.pid());
		return new Snapshot(Procs.rss(gateway.pid()), heap, Procs.threads(gateway.pid()), Procs.fds(gateway.pid()),
				Procs.connections(gateway.pid(), emulator.port(), -1),
				Procs.connections(gateway.pid(), -1, gateway.port()));
	}

	private void hang(Jvm emulator, Jvm gateway) {
		this.http.reset(emulator.url());
		List<String> groups = groups("hang", GROUPS);
		log("hang: warm-up");
		Fleet warmUp = new Fleet(this.http, gateway::url, groups, 10, 0, 0, true, false).start(30);
		Procs.sleep(4000);
		this.http.scheduleMany(emulator.url(), groups, GROUPS);
		awaitCondition(() -> warmUp.received.size() >= GROUPS, Duration.ofSeconds(20));
		warmUp.stop();
		Procs.sleep(4500);
		Snapshot before = snapshot(gateway, emulator);
		log("hang: PollForTask never answers");
		long hangStart = System.nanoTime();
		this.http.fault(emulator.url(), "{\"operation\":\"PollForTask\",\"hang\":true}");
		Fleet fleet = new Fleet(this.http, gateway::url, groups, 10, 0, 0, true, false).start(30);
		awaitCondition(() -> fleet.status(504) >= 30, Duration.ofSeconds(30));
		Snapshot during = snapshot(gateway, emulator);
		this.http.clearFaults(emulator.url());
		long hangEnd = System.nanoTime();
		this.http.scheduleMany(emulator.url(), groups, GROUPS);
		awaitCondition(() -> fleet.received.size() >= GROUPS, Duration.ofSeconds(30));
		long recovered = System.nanoTime();
		fleet.stop();
		Procs.sleep(4500);
		Snapshot after = snapshot(gateway, emulator);
		List<Long> timeouts = fleet.answers.stream()
			.filter((a) -> a.status() == 504)
			.map((a) -> (long) a.millis())
			.sorted()
			.toList();
		boolean pass = timeouts.size() >= 30 && timeouts.get(timeouts.size() - 1) <= 6500
				&& after.upstream() <= before.upstream() + GROUPS && after.threads() <= before.threads() + 8
				&& after.heap() <= before.heap() + 32L * 1048576;
		List<List<String>> rows = new ArrayList<>();
		rows.add(List.of("504 answers (first wave, 30 workers)",
				timeouts.size()
						+ "; time to 504 min / median / max: " + (timeouts.isEmpty() ? "n/a" : timeouts.get(0) + " / "
								+ f(Stats.percentile(timeouts, 50), 0) + " / " + timeouts.get(timeouts.size() - 1))
						+ " ms (poll response timeout 5,000 ms)"));
		rows.add(List.of("hang lasted", f((hangEnd - hangStart) / 1e6, 0) + " ms; tasks flowed again "
				+ f((recovered - hangEnd) / 1e6, 0) + " ms after it ended (the timeouts had opened the breaker)"));
		rows.add(List.of("baseline (after warm-up)", before.describe()));
		rows.add(List.of("during the hang", during.describe()));
		rows.add(List.of("after (4.5 s after the workers left)", after.describe()));
		rows.add(List.of("verdict", pass ? "PASS" : "FAIL"));
		this.report.summary.add("- Upstream hang: workers got 504 after "
				+ (timeouts.isEmpty() ? "n/a" : f(Stats.percentile(timeouts, 50), 0)) + " ms (timeout 5 s); after it: "
				+ after.threads() + " threads (baseline " + before.threads() + "), heap " + Procs.mb(after.heap())
				+ " (baseline " + Procs.mb(before.heap()) + "), " + after.upstream()
				+ " upstream connections (baseline " + before.upstream() + ").");
		this.report.section("## Fault run: upstream hang\n\n" + faultSettings()
				+ " After a warm-up with 30 workers, PollForTask never answers; 30 new workers poll with `Prefer: wait=10` "
				+ "(longer than the 5 s response timeout). Snapshots are of the gateway process (`jcmd GC.run` then "
				+ "`GC.heap_info`, `/proc`).\n\n" + Report.table(List.of("measure", "value"), rows));
	}

	// --- soak

	private void soak(Jvm emulator, Jvm gateway) {
		this.http.reset(emulator.url());
		List<String> groups = groups("soak", GROUPS);
		int interval = Math.max(15, this.config.soakSeconds / 12);
		log("soak: " + this.config.soakSeconds + " s, sampling every " + interval + " s");
		Fleet fleet = new Fleet(this.http, gateway::url, groups, 2, 0.05, 1500, true, true).startTransient(50,
				Duration.ofSeconds(5), Duration.ofSeconds(20));
		AtomicBoolean feeding = new AtomicBoolean(true);
		Thread feeder = new Thread(() -> {
			int i = 0;
			while (feeding.get()) {
				try {
					this.http.schedule(emulator.url(), groups.get(i++ % GROUPS)).block(Duration.ofSeconds(10));
				}
				catch (RuntimeException ex) {
					// keep feeding
				}
				Procs.sleep(50);
			}
		});
		feeder.start();
		long start = System.nanoTime();
		List<Double> minutes = new ArrayList<>();
		List<Double> heap = new ArrayList<>();
		List<Double> threads = new ArrayList<>();
		List<Double> fds = new ArrayList<>();
		List<Double> connections = new ArrayList<>();
		List<Double> rss = new ArrayList<>();
		List<List<String>> rows = new ArrayList<>();
		while (true) {
			Procs.sleep(interval * 1000L);
			double minute = (System.nanoTime() - start) / 60e9;
			long h = Procs.heapAfterGc(gateway.pid());
			int t = Procs.threads(gateway.pid());
			long fd = Procs.fds(gateway.pid());
			long c = Procs.connections(gateway.pid(), -1, -1);
			long r = Procs.rss(gateway.pid());
			minutes.add(minute);
			heap.add(h / 1048576.0);
			threads.add((double) t);
			fds.add((double) fd);
			connections.add((double) c);
			rss.add(r / 1048576.0);
			rows.add(List.of(f(minute, 1), f(h / 1048576.0, 1), String.valueOf(t), String.valueOf(fd),
					String.valueOf(c), f(r / 1048576.0, 1), String.valueOf(fleet.live.get()),
					String.valueOf(fleet.finished.get())));
			log("soak: " + String.join(" ", rows.get(rows.size() - 1)));
			if ((System.nanoTime() - start) / 1e9 >= this.config.soakSeconds) {
				break;
			}
		}
		feeding.set(false);
		fleet.stop();
		List<List<String>> trend = new ArrayList<>();
		boolean flat = true;
		for (Object[] metric : new Object[][] { { "heap after GC (MB)", heap, 2.0 }, { "threads", threads, 2.0 },
				{ "file descriptors", fds, 10.0 }, { "established TCP connections", connections, 10.0 },
				{ "RSS (MB)", rss, 20.0 } }) {
			@SuppressWarnings("unchecked")
			List<Double> values = (List<Double>) metric[1];
			double slope = Stats.slope(minutes, values);
			int half = values.size() / 2;
			double first = Stats.median(values.subList(0, Math.max(1, half)));
			double second = Stats.median(values.subList(half, values.size()));
			boolean grows = second > first * 1.05 + (double) metric[2];
			if (!metric[0].toString().startsWith("RSS")) {
				flat = flat && !grows;
			}
			trend.add(List.of(metric[0].toString(), f(slope, 3) + " /min", f(first, 1), f(second, 1),
					grows ? "grows" : "no growth trend"));
		}
		this.report.summary.add("- Soak (" + f(this.config.soakSeconds / 60.0, 1) + " min, workers coming and going): "
				+ (flat ? "heap after GC, threads, fds and connections show no growth trend"
						: "a growth trend was seen (see the table)")
				+ "; heap after GC slope " + f(Stats.slope(minutes, heap), 2) + " MB/min.");
		this.report.section("## Fault run: soak\n\n" + faultSettings() + " For " + this.config.soakSeconds
				+ " s about 50 workers live 5–20 s each and are replaced (" + fleet.started.get()
				+ " workers in all; a "
				+ "leaving worker abandons its poll in flight; 5 % of polls are also abandoned). Each worker heartbeats "
				+ "every 5 s, polls (`Prefer: wait=2`), acknowledges, sends 0–2 more progress reports and finishes "
				+ "(10 % FAILED); tasks are scheduled at 20/s. Totals: " + fleet.polls.get() + " polls, "
				+ fleet.finished.get() + " tasks finished, " + fleet.progressReports.get() + " progress reports, "
				+ fleet.heartbeats.get() + " heartbeats. Samples of the gateway process every " + interval + " s:\n\n"
				+ Report.table(List.of("minute", "heap after GC (MB)", "threads", "fds", "TCP connections", "RSS (MB)",
						"live workers", "tasks finished"), rows)
				+ "\nTrend (least-squares slope; medians of the first and second half of the samples; \"grows\" when "
				+ "the second half exceeds the first by 5 % plus a small absolute margin):\n\n"
				+ Report.table(List.of("metric", "slope", "first half", "second half", "verdict"), trend));
	}

	@SuppressWarnings("unused")
	private static <T> Map<String, Long> countBy(List<T> values, Function<T, String> key) {
		return values.stream().collect(Collectors.groupingBy(key, Collectors.counting()));
	}

	@SuppressWarnings("unused")
	private static final Comparator<Double> NATURAL = Comparator.naturalOrder();

}
