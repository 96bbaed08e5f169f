package com.platform.workergateway.observability;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real Prometheus server (Debian's {@code prometheus} package, which {@code .ci/run}
 * installs) scraping one target every second and evaluating the given rule files, on
 * loopback ports, with its storage in a temporary directory.
 */
final class PrometheusServer implements AutoCloseable {

	static final String JOB = "worker-gateway";

	private final Process process;

	private final int port;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final JsonMapper json = JsonMapper.builder().build();

	private PrometheusServer(Process process, int port) {
		this.process = process;
		this.port = port;
	}

	/**
	 * Starts Prometheus; fails (never skips) when the binary is missing.
	 * @param target {@code host:port} of the scraped management server
	 * @param ruleFiles rule files to load
	 * @param directory where its configuration, storage and log go
	 * @return the running server, ready
	 */
	static PrometheusServer start(String target, List<Path> ruleFiles, Path directory) throws IOException {
		String binary = binary("prometheus");
		int port = freePort();
		Path config = directory.resolve("prometheus.yml");
		StringBuilder rules = new StringBuilder();
		ruleFiles.forEach((file) -> rules.append("  - ").append(file.toAbsolutePath()).append('\n'));
		Files.writeString(config, """
				global:
				  scrape_interval: 1s
				  # A loaded CI machine may take its time to answer: a scrape may overlap the next.
				  scrape_timeout: 1s
				  evaluation_interval: 1s
				rule_files:
				%s
				scrape_configs:
				  - job_name: %s
				    metrics_path: /actuator/prometheus
				    static_configs:
				      - targets: ["%s"]
				""".formatted(rules, JOB, target));
		Process process = new ProcessBuilder(binary, "--config.file=" + config,
				"--storage.tsdb.path=" + directory.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
				"--log.level=warn")
			.redirectErrorStream(true)
			.redirectOutput(directory.resolve("prometheus.log").toFile())
			.start();
		PrometheusServer server = new PrometheusServer(process, port);
		server.awaitReady(directory);
		return server;
	}

	/**
	 * The path of a Prometheus tool, asserting it is installed.
	 * @param name {@code prometheus} or {@code promtool}
	 * @return its path
	 */
	static String binary(String name) {
		for (String directory : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
			Path candidate = Path.of(directory, name);
			if (Files.isExecutable(candidate)) {
				return candidate.toString();
			}
		}
		throw new AssertionError(name + " is not installed: apt-get install prometheus (.ci/run installs it)");
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	private void awaitReady(Path directory) {
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
			assertThat(this.process.isAlive()).as("prometheus exited; see %s", directory.resolve("prometheus.log"))
				.isTrue();
			try {
				return this.http
					.send(HttpRequest.newBuilder(URI.create(base() + "/-/ready")).build(),
							HttpResponse.BodyHandlers.discarding())
					.statusCode() == 200;
			}
			catch (IOException ex) {
				return false;
			}
		});
	}

	private String base() {
		return "http://127.0.0.1:" + this.port;
	}

	/**
	 * Evaluates an instant query.
	 * @param promql the expression
	 * @return the API's answer: {@code status}, and {@code data} or {@code error}
	 */
	JsonNode query(String promql) {
		return get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
	}

	/** The scrape targets with their health and last error. */
	JsonNode targets() {
		return get("/api/v1/targets");
	}

	/** The loaded rules with their health and last error. */
	JsonNode rules() {
		return get("/api/v1/rules");
	}

	private JsonNode get(String path) {
		try {
			HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(URI.create(base() + path)).build(),
					HttpResponse.BodyHandlers.ofString());
			return this.json.readTree(response.body());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void close() throws InterruptedException {
		this.process.destroy();
		if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
			this.process.destroyForcibly();
		}
	}

}
