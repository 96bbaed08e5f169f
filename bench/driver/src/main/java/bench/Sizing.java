package bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import reactor.core.Disposable;
import reactor.core.publisher.Mono;

import static bench.Bench.groups;
import static bench.Bench.log;
import static bench.Stats.f;

/**
 * The max-waiters scenario: a gateway JVM given the chart's default memory limit
 * ({@code -XX:MaxRAM}) and JVM flags (the Dockerfile's ENTRYPOINT and the chart's
 * {@code JDK_JAVA_OPTIONS}) holds the chart's default {@code max-waiters}; it must stay
 * alive with its peak RSS below the limit, and the next poll must get a 429 problem. On
 * the way up, RSS and heap are measured at a few levels: the per-waiter cost the chart's
 * sizing uses.
 * <p>
 * The chart's defaults are read from {@code k8s/} (the chart rendered with its defaults)
 * and the {@code Dockerfile}, so the run follows the chart without a copy of its numbers.
 */
final class Sizing {

	private static final Pattern MEMORY_LIMIT = Pattern.compile("limits:\\s*\\n\\s*memory:\\s*(\\d+)Mi");

	private static final Pattern JDK_OPTIONS = Pattern.compile("name: JDK_JAVA_OPTIONS\\s*\\n\\s*value: (.+)");

	private static final Pattern ENTRYPOINT = Pattern.compile("(?m)^ENTRYPOINT \\[(.*)]\\s*$");

	private final Config config;

	private final Http http;

	private final Report report;

	Sizing(Config config, Http http, Report report) {
		this.config = config;
		this.http = http;
		this.report = report;
	}

	/** The chart's defaults this run reproduces. */
	record ChartDefaults(long memoryLimitMib, int maxWaiters, int maxWaitersPerGroup, List<String> jvmFlags) {

		static ChartDefaults read() {
			String deployment = text(Path.of("k8s", "deployment.yaml"));
			String configMap = text(Path.of("k8s", "configmap.yaml"));
			Matcher limit = MEMORY_LIMIT.matcher(deployment);
			if (!limit.find()) {
				throw new IllegalStateException("No memory limit in Mi in k8s/deployment.yaml");
			}
			List<String> flags = new ArrayList<>();
			Matcher entrypoint = ENTRYPOINT.matcher(text(Path.of("Dockerfile")));
			if (entrypoint.find()) {
				Arrays.stream(entrypoint.group(1).split(","))
					.map((part) -> part.trim().replace("\"", ""))
					// JVM options only: not "-jar" (the run names its own jar) nor the
					// AOT
					// cache, which exists only in the image.
					.filter((part) -> part.startsWith("-") && !part.equals("-jar") && !part.startsWith("-XX:AOTCache"))
					.forEach(flags::add);
			}
			Matcher options = JDK_OPTIONS.matcher(deployment);
			if (options.find()) {
				flags.addAll(Arrays.asList(options.group(1).replace("\"", "").replace("'", "").trim().split("\\s+")));
			}
			return new ChartDefaults(Long.parseLong(limit.group(1)), intAfter(configMap, "max-waiters: "),
					intAfter(configMap, "max-waiters-per-group: "), flags);
		}

		private static int intAfter(String text, String key) {
			Matcher matcher = Pattern.compile(Pattern.quote(key) + "(\\d+)").matcher(text);
			if (!matcher.find()) {
				throw new IllegalStateException("No " + key + " in k8s/configmap.yaml");
			}
			return Integer.parseInt(matcher.group(1));
		}

		private static String text(Path file) {
			try {
				return Files.readString(file);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

	}

	private record Level(int waiters, long rss, long heap, boolean alive) {

	}

	void run() {
		ChartDefaults chart = ChartDefaults.read();
		int cap = (this.config.sizingMaxWaiters > 0) ? this.config.sizingMaxWaiters : chart.maxWaiters();
		long limitBytes = chart.memoryLimitMib() * 1024 * 1024;
		int groupCount = Math.max(10, (cap + chart.maxWaitersPerGroup() - 1) / chart.maxWaitersPerGroup());
		List<String> jvm = new ArrayList<>(chart.jvmFlags());
		jvm.add("-XX:MaxRAM=" + chart.memoryLimitMib() + "m");
		log("max-waiters: chart memory limit " + chart.memoryLimitMib() + " MiB, max-waiters " + cap + ", JVM " + jvm);
		Cluster.Jvm emulator = Cluster.emulator(this.config, "sizing-emulator", Duration.ofSeconds(10),
				Duration.ofHours(1));
		Cluster.Jvm gateway = Cluster.gatewayWithJvm(this.config, "sizing-gateway", emulator, this.config.gatewayJava,
				jvm, List.of("--worker-gateway.dispatch.max-waiters=" + cap,
						"--worker-gateway.dispatch.max-waiters-per-group=" + chart.maxWaitersPerGroup()));
		String jcmd = Path.of(this.config.gatewayJava).resolveSibling("jcmd").toString();
		AtomicBoolean running = new AtomicBoolean(true);
		List<Disposable> loops = new ArrayList<>();
		List<Level> levels = new ArrayList<>();
		try {
			Procs.sleep(3000);
			long maxHeap = maxHeap(jcmd, gateway.pid());
			long idleHeap = heapAfterGc(jcmd, gateway.pid());
			long idleRss = Procs.rss(gateway.pid());
			List<String> groups = groups("sizing", groupCount);
			int started = 0;
			for (double share : this.config.sizingSteps) {
				int level = (int) Math.round(cap * share);
				// At the cap, a few more workers than admitted: a worker between two
				// polls
				// frees its slot for a moment, and the cap must stay full for the probe.
				int workers = (share >= 1) ? level + Math.max(20, level / 100) : level;
				for (; started < workers; started++) {
					String group = groups.get(started % groupCount);
					loops.add(Mono.defer(() -> this.http.poll(gateway.url(), group, 60, null))
						.flatMap((answer) -> (answer.status() == 429) ? throttled(answer) : Mono.just(answer))
						.onErrorResume((ex) -> Mono.delay(Duration.ofMillis(500)).then(Mono.empty()))
						.repeat(running::get)
						.subscribe());
					if (started % 100 == 99) {
						Procs.sleep(40);
					}
				}
				int target = level;
				await(() -> !gateway.process().isAlive() || waiters(gateway, groups) >= target, Duration.ofSeconds(90));
				Procs.sleep(3000);
				boolean alive = gateway.process().isAlive();
				levels.add(new Level(level, Procs.rss(gateway.pid()), alive ? heapAfterGc(jcmd, gateway.pid()) : -1,
						alive));
				log("max-waiters: " + level + " waiting, RSS " + Procs.mb(Procs.rss(gateway.pid())) + ", alive " + alive
						+ ", "
						+ Procs.jcmd(jcmd, gateway.pid(), "GC.heap_info").lines().skip(1).findFirst().orElse(""));
				if (!alive) {
					break;
				}
			}
			Rejection next = new Rejection(-1, "", "");
			for (int probe = 1; probe <= 20 && gateway.process().isAlive() && next.status() != 429; probe++) {
				next = nextPoll(gateway, groups.get(0));
				this.probes = probe;
			}
			long peak = peakRss(gateway.pid());
			boolean alive = gateway.process().isAlive();
			write(chart, cap, jvm, limitBytes, maxHeap, idleRss, idleHeap, levels, next, peak, alive);
		}
		finally {
			running.set(false);
			loops.forEach(Disposable::dispose);
			Procs.terminate(gateway.process(), 40);
			Procs.terminate(emulator.process(), 20);
		}
	}

	private void write(ChartDefaults chart, int cap, List<String> jvm, long limitBytes, long maxHeap, long idleRss,
			long idleHeap, List<Level> levels, Rejection next, long peak, boolean alive) {
		boolean rejected = next.status() == 429 && next.contentType().startsWith("application/problem+json")
				&& next.body().contains("urn:worker-gateway:problem:throttled");
		boolean passed = alive && peak > 0 && peak < limitBytes && rejected;
		List<List<String>> rows = new ArrayList<>();
		rows.add(List.of("0 (idle)", Procs.mb(idleRss), Procs.mb(idleHeap), "—", "—", "yes"));
		for (Level level : levels) {
			rows.add(List.of(String.valueOf(level.waiters()), Procs.mb(level.rss()), Procs.mb(level.heap()),
					f((level.rss() - idleRss) / 1024.0 / level.waiters(), 1) + " KB",
					(level.heap() < 0) ? "n/a" : f((level.heap() - idleHeap) / 1024.0 / level.waiters(), 1) + " KB",
					level.alive() ? "yes" : "NO"));
		}
		String verdict = passed ? "PASSED" : "FAILED";
		this.report.summary.add(String.format(Locale.ROOT,
				"- Max waiters at the chart's defaults (%d MiB limit, max-waiters %d): %s — peak RSS %s (limit %s), "
						+ "process %s, the next poll got %d%s.",
				chart.memoryLimitMib(), cap, verdict, Procs.mb(peak), Procs.mb(limitBytes), alive ? "alive" : "DEAD",
				next.status(), rejected ? " (throttled problem)" : ""));
		this.report.section("## 10. Max waiters at the chart's defaults\n\n"
				+ "A gateway JVM started as the chart starts it: the Dockerfile's ENTRYPOINT flags and the chart's "
				+ "`JDK_JAVA_OPTIONS` (`" + String.join(" ", jvm) + "`, where `-XX:MaxRAM` stands for the "
				+ "container's memory limit, " + chart.memoryLimitMib() + " MiB, from `k8s/deployment.yaml`), JDK `"
				+ this.config.gatewayJava + "`, and the chart's `dispatch.max-waiters` (" + cap + ") and "
				+ "`max-waiters-per-group` (" + chart.maxWaitersPerGroup() + ") from `k8s/configmap.yaml`. Workers "
				+ "poll with `Prefer: wait=60` over " + Math.max(10, cap / Math.max(1, chart.maxWaitersPerGroup()))
				+ "+ worker groups and re-poll at once, up to the cap (at the cap, 1 % more workers than admitted, "
				+ "at least 20, back off 1 s on a 429); then a probe poll is sent (again, up to 20 times, until one "
				+ "finds the cap full: a worker between two polls frees its slot for a moment). Max heap "
				+ Procs.mb(maxHeap) + " (`jcmd VM.flags` MaxHeapSize). RSS is `/proc/<pid>/status` VmRSS 3 s after "
				+ "each level was reached, peak RSS is VmHWM at the end; heap after `jcmd GC.run`. Per-waiter figures "
				+ "are (level − idle) / level.\n\n"
				+ Report.table(List.of("waiting workers", "RSS", "heap after GC", "RSS per waiter", "heap per waiter",
						"alive"), rows)
				+ "\nPeak RSS (VmHWM): " + Procs.mb(peak) + " of a " + Procs.mb(limitBytes) + " limit. Workers "
				+ "turned away at the cap while it was held: " + this.throttled.get() + " polls answered 429. The "
				+ "probe poll beyond the cap (try " + this.probes + "): HTTP " + next.status() + ", `Content-Type: "
				+ next.contentType() + "`, body `" + next.body().replace("`", "'").replace("\n", " ") + "`.\n\n**"
				+ verdict + "**: the process " + (alive ? "stayed alive" : "DIED") + ", peak RSS "
				+ (peak < limitBytes ? "below" : "NOT below") + " the limit, and the next poll "
				+ (rejected ? "got" : "did NOT get") + " a 429 problem.\n");
		if (!passed) {
			throw new IllegalStateException("max-waiters scenario failed: " + verdict);
		}
	}

	private int probes;

	private final AtomicLong throttled = new AtomicLong();

	/** A worker turned away at the cap waits as told (Retry-After, 1 s at least). */
	private Mono<Http.Answer> throttled(Http.Answer answer) {
		this.throttled.incrementAndGet();
		return Mono.delay(Duration.ofSeconds(1)).thenReturn(answer);
	}

	private record Rejection(int status, String contentType, String body) {

	}

	private Rejection nextPoll(Cluster.Jvm gateway, String group) {
		try {
			HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.url() + "/v1/tasks/poll"))
				.timeout(Duration.ofSeconds(70))
				.header("Content-Type", "application/json")
				.header("Prefer", "wait=5")
				.POST(HttpRequest.BodyPublishers.ofString("{\"workerGroup\":\"" + group + "\"}"));
			if (this.config.token != null && !this.config.token.isBlank()) {
				request.header("Authorization", "Bearer " + this.config.token);
			}
			HttpResponse<String> response = HttpClient.newHttpClient()
				.send(request.build(), HttpResponse.BodyHandlers.ofString());
			return new Rejection(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
					response.body());
		}
		catch (IOException ex) {
			return new Rejection(-1, "", String.valueOf(ex));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return new Rejection(-1, "", "interrupted");
		}
	}

	private double waiters(Cluster.Jvm gateway, List<String> groups) {
		return this.http.prometheus(gateway.management(), "worker_gateway_waiters")
			.stream()
			.filter((s) -> groups.contains(s.label("worker_group")))
			.mapToDouble(Http.Sample::value)
			.sum();
	}

	private static long peakRss(long pid) {
		String value = Procs.status(pid, "VmHWM");
		return value.isEmpty() ? -1 : Long.parseLong(value.split("\\s+")[0]) * 1024;
	}

	private static long maxHeap(String jcmd, long pid) {
		Matcher matcher = Pattern.compile("-XX:MaxHeapSize=(\\d+)").matcher(Procs.jcmd(jcmd, pid, "VM.flags"));
		return matcher.find() ? Long.parseLong(matcher.group(1)) : -1;
	}

	private static long heapAfterGc(String jcmd, long pid) {
		Procs.jcmd(jcmd, pid, "GC.run");
		// "garbage-first heap total reserved 393216K, committed 65536K, used 27913K" (JDK
		// 21+)
		Matcher matcher = Pattern.compile("heap\\s+total[^\\n]*?used (\\d+)K")
			.matcher(Procs.jcmd(jcmd, pid, "GC.heap_info"));
		return matcher.find() ? Long.parseLong(matcher.group(1)) * 1024 : -1;
	}

	private static void await(java.util.function.BooleanSupplier condition, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		AtomicLong checks = new AtomicLong();
		while (System.nanoTime() < deadline) {
			checks.incrementAndGet();
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
		log("WARNING: condition not met within " + timeout + " (" + checks + " checks)");
	}

}
