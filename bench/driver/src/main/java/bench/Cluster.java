package bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The emulator and gateway processes of a run, each a separate JVM started from the
 * gateway's jar.
 */
final class Cluster {

	static final String TOKEN_KEY = "YmVuY2gtdG9rZW4ta2V5LTAxMjM0NTY3ODlhYmNkZWZnaGlqaw==";

	private static final HttpClient PROBE = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private Cluster() {
	}

	/** A started JVM. */
	record Jvm(String name, Process process, int port, int managementPort, long startNanos, long readyNanos, Path log) {

		long pid() {
			return this.process.pid();
		}

		String url() {
			return "http://localhost:" + this.port;
		}

		String management() {
			return "http://localhost:" + this.managementPort;
		}

		double readyMillis() {
			return (this.readyNanos - this.startNanos) / 1e6;
		}

	}

	static Jvm emulator(Config config, String name, Duration hold, Duration ackTimeout) {
		int port = Procs.freePort();
		List<String> command = new ArrayList<>(List.of(Procs.JAVA, "-Xmx" + config.emulatorHeap,
				"-Dloader.main=com.platform.workergateway.emulator.EmulatorApplication", "-cp",
				config.gatewayJar.toString(), "org.springframework.boot.loader.launch.PropertiesLauncher",
				"--worker-gateway.emulator.port=" + port,
				"--worker-gateway.emulator.poll-hold=" + hold.toMillis() + "ms",
				"--worker-gateway.emulator.ack-timeout=" + ackTimeout.toMillis() + "ms",
				"--worker-gateway.emulator.rate-limits.enabled=false",
				// The emulator verifies SigV4 signatures for this key pair (the gateway's
				// and
				// the direct path's).
				"--worker-gateway.emulator.credentials.access-key-id=AKIDBENCH",
				"--worker-gateway.emulator.credentials.secret-access-key=bench"));
		Path log = config.workDir.resolve(name + ".log");
		long start = System.nanoTime();
		Process process = Procs.start(command, log);
		long ready = awaitStatus(process, "http://localhost:" + port + "/emulator/calls", log);
		return new Jvm(name, process, port, -1, start, ready, log);
	}

	/**
	 * A gateway pointing at the emulator; {@code extra} are further arguments (they win
	 * over the defaults here).
	 */
	static Jvm gateway(Config config, String name, Jvm emulator, List<String> jvmExtra, List<String> extra) {
		List<String> jvm = new ArrayList<>(List.of("-Xmx" + config.gatewayHeap));
		jvm.addAll(jvmExtra);
		return gatewayWithJvm(config, name, emulator, Procs.JAVA, jvm, List
			.of("--worker-gateway.dispatch.max-waiters-per-group=5000", "--worker-gateway.dispatch.max-waiters=15000"),
				extra);
	}

	/**
	 * A gateway pointing at the emulator, started by {@code java} with exactly the JVM
	 * flags given (no heap setting of its own), e.g. as the chart starts it.
	 */
	static Jvm gatewayWithJvm(Config config, String name, Jvm emulator, String java, List<String> jvm,
			List<String> settings) {
		return gatewayWithJvm(config, name, emulator, java, jvm, settings, List.of());
	}

	private static Jvm gatewayWithJvm(Config config, String name, Jvm emulator, String java, List<String> jvm,
			List<String> settings, List<String> extra) {
		List<String> launch = new ArrayList<>(List.of(java));
		launch.addAll(jvm);
		launch.addAll(List.of("-jar", config.gatewayJar.toString()));
		return gateway(config, name, emulator, null, launch, settings, extra);
	}

	/**
	 * A gateway started by {@code launch} (the JVM and its flags up to and including
	 * {@code -jar <jar>}, e.g. the image's ENTRYPOINT) in the directory {@code dir}, with
	 * the run's settings.
	 */
	static Jvm gatewayLaunched(Config config, String name, Jvm emulator, Path dir, List<String> launch) {
		return gateway(config, name, emulator, dir, launch, List.of(), List.of());
	}

	private static Jvm gateway(Config config, String name, Jvm emulator, Path dir, List<String> launch,
			List<String> settings, List<String> extra) {
		int port = Procs.freePort();
		int management = Procs.freePort();
		List<String> command = new ArrayList<>(launch);
		command.addAll(List.of("--server.port=" + port, "--management.server.port=" + management,
				"--worker-gateway.upstream.endpoint=http://localhost:" + emulator.port(),
				"--worker-gateway.upstream.static-credentials.access-key-id=AKIDBENCH",
				"--worker-gateway.upstream.static-credentials.secret-access-key=bench",
				// One key for every gateway of the run: tokens survive the restart.
				"--worker-gateway.task-token.keys[0].id=bench",
				"--worker-gateway.task-token.keys[0].secret=" + TOKEN_KEY, "--worker-gateway.budget.enabled=false"));
		command.addAll(settings);
		if (extra.stream().noneMatch((arg) -> arg.startsWith("--spring.lifecycle.timeout-per-shutdown-phase="))) {
			// The gateway refuses to start unless the phase is above the SDK backstop of
			// PollForTask (timeout ladder): 100 s with the default timeouts.
			command.add("--spring.lifecycle.timeout-per-shutdown-phase=110s");
		}
		if (config.token == null || config.token.isBlank()) {
			command.add("--worker-gateway.security.enabled=false");
		}
		command.addAll(config.gatewayArgs);
		command.addAll(extra);
		Path log = config.workDir.resolve(name + ".log");
		long start = System.nanoTime();
		Process process = Procs.start(command, dir, log);
		long ready = awaitStatus(process, "http://localhost:" + management + "/actuator/health/readiness", log);
		return new Jvm(name, process, port, management, start, ready, log);
	}

	private static long awaitStatus(Process process, String url, Path log) {
		long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
		while (System.nanoTime() < deadline) {
			if (!process.isAlive()) {
				throw new IllegalStateException("Process exited during start-up; see " + log);
			}
			try {
				HttpResponse<Void> response = PROBE.send(
						HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).GET().build(),
						HttpResponse.BodyHandlers.discarding());
				if (response.statusCode() == 200) {
					return System.nanoTime();
				}
			}
			catch (Exception ex) {
				// not yet listening
			}
			Procs.sleep(25);
		}
		Procs.terminate(process, 20);
		throw new IllegalStateException("Not ready within 120 s: " + url + "; see " + log);
	}

}
