package bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The shared account budget (issue 13), end to end: one emulator with the account's
 * documented rate limits on, one {@code redis-server}, 2 or 3 gateway JVMs, and workers
 * on every replica taking 300 tasks scheduled at once. Each run is made with local shares
 * (each replica 1/N of the account, N the replicas running) and with the shared store;
 * one more shared run stops Redis mid-run and starts it again.
 * <p>
 * Load is uneven on purpose, as in production: each worker group's workers are on one
 * replica, and the groups on the first replica hold two thirds of the tasks.
 *
 * <pre>
 * bench/shared-budget.sh [--runs=local-2,shared-2,local-3,shared-3,outage-2] [--tasks=300] [--groups=6]
 *     [--workers=3] [--redis-command-timeout=500ms]
 * </pre>
 */
public final class SharedBudgetBench {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final HttpClient HTTP = HttpClient.newBuilder()
		.connectTimeout(Duration.ofSeconds(5))
		.executor(Executors.newCachedThreadPool())
		.build();

	private static final String REDIS_PASSWORD = "bench-redis-password";

	private final Path gatewayJar;

	private final Path workDir;

	private final int tasks;

	private final int groups;

	private final int workersPerGroup;

	private final String redisCommandTimeout;

	private final int redisPort = Procs.freePort();

	private Process redis;

	private SharedBudgetBench(Map<String, String> args) {
		this.gatewayJar = Path.of(args.getOrDefault("gateway-jar", "target/worker-gateway-0.1.0-SNAPSHOT.jar"));
		this.workDir = Path.of(args.getOrDefault("work-dir", "target/bench-shared-budget"));
		this.tasks = Integer.parseInt(args.getOrDefault("tasks", "300"));
		this.groups = Integer.parseInt(args.getOrDefault("groups", "6"));
		this.workersPerGroup = Integer.parseInt(args.getOrDefault("workers", "3"));
		this.redisCommandTimeout = args.getOrDefault("redis-command-timeout", "500ms");
	}

	public static void main(String[] argv) throws Exception {
		Map<String, String> args = new ConcurrentHashMap<>();
		for (String arg : argv) {
			String[] pair = arg.replaceFirst("^--", "").split("=", 2);
			args.put(pair[0], (pair.length > 1) ? pair[1] : "true");
		}
		SharedBudgetBench bench = new SharedBudgetBench(args);
		List<String> lines = new ArrayList<>();
		bench.startRedis();
		try {
			// mode-replicas, in order; "outage" is the shared store with Redis stopped
			// mid-run.
			for (String run : args.getOrDefault("runs", "local-2,shared-2,local-3,shared-3,outage-2").split(",")) {
				String[] modeAndReplicas = run.split("-");
				Result result = bench.run(modeAndReplicas[0], Integer.parseInt(modeAndReplicas[1]));
				lines.add(result.line());
				System.out.println(result.line());
				if (modeAndReplicas[0].equals("outage")) {
					lines.add(result.outage());
					System.out.println(result.outage());
				}
				Files.writeString(bench.workDir.resolve("results.md"), String.join("\n", lines) + "\n");
			}
		}
		finally {
			bench.stopRedis();
		}
		Files.writeString(bench.workDir.resolve("results.md"), String.join("\n", lines) + "\n");
		System.out.println("results in " + bench.workDir.resolve("results.md"));
		System.exit(0);
	}

	private Result run(String mode, int replicas) throws Exception {
		Files.createDirectories(this.workDir);
		String name = mode + "-" + replicas;
		Cluster.Jvm emulator = emulator(name);
		List<Cluster.Jvm> gateways = new ArrayList<>();
		ExecutorService threads = Executors.newCachedThreadPool();
		try {
			String prefix = "bench:" + UUID.randomUUID();
			for (int r = 0; r < replicas; r++) {
				gateways.add(gateway(name + "-gw" + r, emulator, replicas, mode.equals("local") ? null : prefix));
			}
			if (!mode.equals("local")) {
				for (Cluster.Jvm gateway : gateways) {
					awaitStore(gateway, "shared", Duration.ofSeconds(30));
				}
			}
			Result result = new Result(name, replicas, this.tasks);
			AtomicBoolean done = new AtomicBoolean();
			// Workers: group g on replica g % replicas only.
			for (int g = 0; g < this.groups; g++) {
				Cluster.Jvm gateway = gateways.get(g % replicas);
				for (int w = 0; w < this.workersPerGroup; w++) {
					String group = "bench-" + name + "-g" + g;
					threads.submit(() -> work(gateway, group, result, done));
				}
			}
			List<Monitor> monitors = new ArrayList<>();
			if (mode.equals("outage")) {
				for (Cluster.Jvm gateway : gateways) {
					Monitor monitor = new Monitor(gateway);
					monitors.add(monitor);
					threads.submit(() -> monitor.watch(done));
				}
			}
			Procs.sleep(2000);
			result.start = System.nanoTime();
			schedule(emulator, name, replicas, threads);
			if (mode.equals("outage")) {
				threads.submit(() -> outage(result));
			}
			long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
			while (result.delivered.size() < this.tasks && System.nanoTime() < deadline) {
				Procs.sleep(100);
			}
			while (result.finished.get() < result.delivered.size() && System.nanoTime() < deadline) {
				Procs.sleep(100);
			}
			done.set(true);
			result.calls = JSON.readTree(get(emulator.url() + "/emulator/calls"));
			// Every outcome of every operation, so a throttled call can be told apart
			// from a
			// refusal of the gateway's own budget (both reach a worker as 429).
			Files.writeString(this.workDir.resolve(name + "-emulator-calls.json"), result.calls.toPrettyString());
			result.monitors = monitors;
			return result;
		}
		finally {
			threads.shutdownNow();
			for (Cluster.Jvm gateway : gateways) {
				gateway.process().destroy();
			}
			for (Cluster.Jvm gateway : gateways) {
				gateway.process().waitFor(40, TimeUnit.SECONDS);
				gateway.process().destroyForcibly();
			}
			emulator.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
		}
	}

	/** Groups on the first replica hold two thirds of the tasks, spread over them. */
	private void schedule(Cluster.Jvm emulator, String name, int replicas, ExecutorService threads)
			throws InterruptedException {
		List<Integer> first = new ArrayList<>();
		List<Integer> others = new ArrayList<>();
		for (int g = 0; g < this.groups; g++) {
			((g % replicas == 0) ? first : others).add(g);
		}
		int onFirst = this.tasks * 2 / 3;
		List<String> groupOfTask = new ArrayList<>();
		for (int i = 0; i < this.tasks; i++) {
			List<Integer> pool = (i < onFirst) ? first : others;
			groupOfTask.add("bench-" + name + "-g" + pool.get(i % pool.size()));
		}
		ExecutorService posts = Executors.newFixedThreadPool(16);
		for (String group : groupOfTask) {
			posts.submit(() -> post(emulator.url() + "/emulator/tasks", "{\"workerGroup\":\"" + group + "\"}", null));
		}
		posts.shutdown();
		posts.awaitTermination(60, TimeUnit.SECONDS);
	}

	private void work(Cluster.Jvm gateway, String group, Result result, AtomicBoolean done) {
		while (!done.get()) {
			try {
				HttpResponse<String> poll = post(gateway.url() + "/v1/tasks/poll",
						"{\"workerGroup\":\"" + group + "\",\"hostname\":\"bench\"}", "wait=10");
				if (poll.statusCode() == 200) {
					JsonNode task = JSON.readTree(poll.body());
					String token = task.get("taskToken").asString();
					result.delivered.add(System.nanoTime());
					expect(post(gateway.url() + "/v1/tasks/progress", "{\"taskToken\":\"" + token + "\"}", null), 200,
							result);
					expect(post(gateway.url() + "/v1/tasks/status",
							"{\"taskToken\":\"" + token + "\",\"taskStatus\":\"FINISHED\"}", null), 204, result);
					result.finished.incrementAndGet();
				}
				else if (poll.statusCode() != 204) {
					result.errors.merge("poll " + poll.statusCode(), 1, Integer::sum);
					Procs.sleep(500);
				}
			}
			catch (Exception ex) {
				if (!done.get()) {
					result.errors.merge(ex.getClass().getSimpleName(), 1, Integer::sum);
					Procs.sleep(500);
				}
			}
		}
	}

	private static void expect(HttpResponse<String> response, int status, Result result) {
		if (response.statusCode() != status) {
			result.errors.merge(response.uri().getPath() + " " + response.statusCode(), 1, Integer::sum);
		}
	}

	/** Redis stops 20 s after the tasks are scheduled and starts again 30 s later. */
	private void outage(Result result) {
		Procs.sleep(20_000);
		result.redisStopped = System.nanoTime();
		stopRedis();
		Procs.sleep(30_000);
		result.redisStarted = System.nanoTime();
		startRedis();
	}

	private Cluster.Jvm emulator(String name) {
		int port = Procs.freePort();
		List<String> command = List.of(Procs.JAVA, "-Xmx256m",
				"-Dloader.main=com.platform.workergateway.emulator.EmulatorApplication", "-cp",
				this.gatewayJar.toString(), "org.springframework.boot.loader.launch.PropertiesLauncher",
				"--worker-gateway.emulator.port=" + port, "--worker-gateway.emulator.poll-hold=20s",
				"--worker-gateway.emulator.ack-timeout=2m",
				// The account's documented limits: PollForTask 2/s, burst 100, ...
				"--worker-gateway.emulator.rate-limits.enabled=true",
				"--worker-gateway.emulator.credentials.access-key-id=AKIDBENCH",
				"--worker-gateway.emulator.credentials.secret-access-key=bench");
		Path log = this.workDir.resolve(name + "-emulator.log");
		long start = System.nanoTime();
		Process process = Procs.start(command, log);
		awaitOk(process, "http://localhost:" + port + "/emulator/calls", log);
		return new Cluster.Jvm(name + "-emulator", process, port, -1, start, System.nanoTime(), log);
	}

	private Cluster.Jvm gateway(String name, Cluster.Jvm emulator, int replicas, String redisPrefix) {
		int port = Procs.freePort();
		int management = Procs.freePort();
		List<String> command = new ArrayList<>(List.of(Procs.JAVA, "-Xmx384m", "-XX:TieredStopAtLevel=1", "-jar",
				this.gatewayJar.toString(), "--server.port=" + port, "--management.server.port=" + management,
				"--worker-gateway.upstream.endpoint=http://localhost:" + emulator.port(),
				"--worker-gateway.upstream.static-credentials.access-key-id=AKIDBENCH",
				"--worker-gateway.upstream.static-credentials.secret-access-key=bench",
				"--worker-gateway.task-token.keys[0].id=bench",
				"--worker-gateway.task-token.keys[0].secret=" + Cluster.TOKEN_KEY,
				"--worker-gateway.security.enabled=false", "--worker-gateway.budget.enabled=true",
				// What the headless Service's DNS name would count: the replicas running.
				"--worker-gateway.budget.replicas=" + replicas, "--spring.lifecycle.timeout-per-shutdown-phase=25s",
				// The gateway checks its timeout ladder at startup: the emulator's 20 s
				// hold
				// < response timeout < SDK backstop < shutdown phase.
				"--worker-gateway.upstream.poll-hold=20s", "--worker-gateway.upstream.poll-response-timeout=22s",
				"--worker-gateway.upstream.sdk-timeout-margin=1s",
				"--worker-gateway.upstream.pending-acquire-timeout=1s", "--worker-gateway.upstream.connect-timeout=1s",
				// The gateway refuses a waiter cap its heap cannot hold (docs/deploy.md,
				// "Sizing"); this run needs a few dozen waiters per replica.
				"--worker-gateway.dispatch.max-waiters=2000"));
		if (redisPrefix != null) {
			command.addAll(List.of("--worker-gateway.budget.redis.url=redis://127.0.0.1:" + this.redisPort,
					"--worker-gateway.budget.redis.password=" + REDIS_PASSWORD,
					"--worker-gateway.budget.redis.key-prefix=" + redisPrefix,
					"--worker-gateway.budget.redis.command-timeout=" + this.redisCommandTimeout));
		}
		Path log = this.workDir.resolve(name + ".log");
		long start = System.nanoTime();
		Process process = Procs.start(command, log);
		awaitOk(process, "http://localhost:" + management + "/actuator/health/readiness", log);
		return new Cluster.Jvm(name, process, port, management, start, System.nanoTime(), log);
	}

	private void startRedis() {
		this.redis = Procs.start(
				List.of("redis-server", "--port", Integer.toString(this.redisPort), "--bind", "127.0.0.1",
						"--requirepass", REDIS_PASSWORD, "--save", "", "--appendonly", "no"),
				this.workDir.resolve("redis.log"));
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (System.nanoTime() < deadline) {
			try (java.net.Socket socket = new java.net.Socket("127.0.0.1", this.redisPort)) {
				return;
			}
			catch (IOException ex) {
				Procs.sleep(20);
			}
		}
		throw new IllegalStateException("redis-server did not start");
	}

	/** SIGTERM: Redis stops (without saving: no persistence), as in a restart. */
	private void stopRedis() {
		if (this.redis != null) {
			this.redis.destroy();
			try {
				this.redis.waitFor(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	private static void awaitStore(Cluster.Jvm gateway, String store, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			if (store.equals(store(gateway))) {
				return;
			}
			Procs.sleep(100);
		}
		throw new IllegalStateException(gateway.name() + " not on the " + store + " store");
	}

	static String store(Cluster.Jvm gateway) {
		try {
			JsonNode health = JSON.readTree(get(gateway.management() + "/actuator/health"));
			return health.path("components").path("budget").path("details").path("store").asString();
		}
		catch (Exception ex) {
			return "unknown";
		}
	}

	private static void awaitOk(Process process, String url, Path log) {
		long deadline = System.nanoTime() + Duration.ofSeconds(240).toNanos();
		while (System.nanoTime() < deadline) {
			if (!process.isAlive()) {
				throw new IllegalStateException("Process exited during start-up; see " + log);
			}
			try {
				if (HTTP
					.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
							HttpResponse.BodyHandlers.discarding())
					.statusCode() == 200) {
					return;
				}
			}
			catch (Exception ex) {
				// not yet
			}
			Procs.sleep(100);
		}
		throw new IllegalStateException("Not ready: " + url + "; see " + log);
	}

	private static String get(String url) throws IOException, InterruptedException {
		return HTTP
			.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
					HttpResponse.BodyHandlers.ofString())
			.body();
	}

	private static HttpResponse<String> post(String url, String body, String prefer) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
			.timeout(Duration.ofSeconds(30))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (prefer != null) {
			request.header("Prefer", prefer);
		}
		try {
			return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** Watches one gateway's budget store, recording each change. */
	static final class Monitor {

		final Cluster.Jvm gateway;

		final ConcurrentLinkedQueue<long[]> changes = new ConcurrentLinkedQueue<>();

		final List<String> stores = new ArrayList<>();

		Monitor(Cluster.Jvm gateway) {
			this.gateway = gateway;
		}

		void watch(AtomicBoolean done) {
			String last = null;
			while (!done.get()) {
				String now = store(this.gateway);
				if (!now.equals(last) && !now.equals("unknown")) {
					synchronized (this.stores) {
						this.stores.add(now);
						this.changes.add(new long[] { System.nanoTime() });
					}
					last = now;
				}
				Procs.sleep(50);
			}
		}

		/** When the store first became {@code store} after {@code after}, or -1. */
		long firstAfter(String store, long after) {
			synchronized (this.stores) {
				long[][] at = this.changes.toArray(new long[0][]);
				for (int i = 0; i < this.stores.size(); i++) {
					if (this.stores.get(i).equals(store) && at[i][0] >= after) {
						return at[i][0];
					}
				}
			}
			return -1;
		}

	}

	/** One run's figures. */
	static final class Result {

		final String name;

		final int replicas;

		final int tasks;

		long start;

		final ConcurrentLinkedQueue<Long> delivered = new ConcurrentLinkedQueue<>();

		final AtomicInteger finished = new AtomicInteger();

		final Map<String, Integer> errors = new ConcurrentHashMap<>();

		JsonNode calls;

		List<Monitor> monitors = List.of();

		long redisStopped;

		long redisStarted;

		Result(String name, int replicas, int tasks) {
			this.name = name;
			this.replicas = replicas;
			this.tasks = tasks;
		}

		String line() {
			long[] times = this.delivered.stream().mapToLong((t) -> t - this.start).sorted().toArray();
			double all = (times.length > 0) ? times[times.length - 1] / 1e9 : Double.NaN;
			// After the account's burst of 100 is spent: the sustained rate.
			int burst = Math.min(100, times.length - 1);
			double sustained = (times.length > burst + 1)
					? (times.length - 1 - burst) / ((times[times.length - 1] - times[burst]) / 1e9) : Double.NaN;
			long polls = count("PollForTask", null);
			long throttled = 0;
			for (String operation : List.of("PollForTask", "ReportTaskProgress", "SetTaskStatus",
					"ReportTaskRunnerHeartbeat")) {
				throttled += count(operation, "throttled");
			}
			return String.format(Locale.ROOT, "| %s | %d | %d/%d | %.1f s | %.2f /s | %d (%.2f /s) | %d | %s |",
					this.name, this.replicas, times.length, this.tasks, all, sustained, polls, polls / all, throttled,
					this.errors.isEmpty() ? "none" : this.errors.toString());
		}

		String outage() {
			StringBuilder text = new StringBuilder();
			for (Monitor monitor : this.monitors) {
				long fallback = monitor.firstAfter("local-fallback", this.redisStopped);
				long shared = monitor.firstAfter("shared", this.redisStarted);
				text.append(String.format(Locale.ROOT,
						"%s: fallback %s after Redis stopped, shared again %s after it started; ",
						monitor.gateway.name(), millis(fallback, this.redisStopped),
						millis(shared, this.redisStarted)));
			}
			return text.toString();
		}

		private static String millis(long at, long since) {
			return (at < 0) ? "never" : ((at - since) / 1_000_000) + " ms";
		}

		private long count(String operation, String outcome) {
			JsonNode byOutcome = this.calls.path(operation);
			if (outcome != null) {
				return byOutcome.path(outcome).asLong(0);
			}
			return byOutcome.path("received").asLong(0);
		}

	}

}
