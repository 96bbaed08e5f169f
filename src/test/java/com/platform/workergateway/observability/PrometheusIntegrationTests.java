package com.platform.workergateway.observability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;
import reactor.core.Disposable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.platform.workergateway.emulator.EmulatorDataPipeline;
import com.platform.workergateway.support.GatewayIntegrationTest;
import com.platform.workergateway.support.WorkerClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The alert rules and the Grafana dashboard against a real Prometheus scraping the
 * running gateway (with the emulator) under a short load: {@code promtool} accepts the
 * rules, every rule evaluates without error, every dashboard query runs without error,
 * and the key panels have data.
 */
@GatewayIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrometheusIntegrationTests {

	static final Path RULES = Path.of("helm/worker-gateway/alerts/worker-gateway.rules.yml");

	static final Path DASHBOARD = Path.of("helm/worker-gateway/dashboards/worker-gateway.json");

	/** Panels an operator looks at first: they must show data after a little load. */
	private static final Set<String> KEY_PANELS = Set.of("Ready replicas", "Waiting workers by group, and caps",
			"Queue wait p50 / p95 by group and outcome", "Tasks delivered by group",
			"Upstream calls by operation and outcome", "Upstream call latency p95 by operation",
			"Circuit breaker states", "Acknowledgement latency", "JVM memory against the container limit");

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@Autowired
	EmulatorDataPipeline emulator;

	@Autowired
	CircuitBreakerRegistry circuitBreakers;

	private PrometheusServer prometheus;

	private final List<Disposable> waiting = new ArrayList<>();

	@BeforeAll
	void startPrometheusAndLoadTheGateway(@TempDir Path directory) throws IOException {
		// The context is shared: another test class may have left faults or an open
		// breaker.
		this.emulator.reset();
		this.circuitBreakers.getAllCircuitBreakers().forEach(CircuitBreaker::reset);
		this.prometheus = PrometheusServer.start("127.0.0.1:" + this.managementPort, List.of(RULES.toAbsolutePath()),
				directory);
		WorkerClient worker = new WorkerClient(this.port);
		String group = "wg-prom-" + UUID.randomUUID();
		// Two rounds with a scrape between, so that counters and histograms have a rate.
		runTasks(worker, group);
		awaitScrapes(2);
		runTasks(worker, group);
		for (int i = 0; i < 3; i++) {
			this.waiting.add(worker.pollAsync(group + "-idle", 20).subscribe());
		}
		worker.pollAsync(group + "-empty", 1).block(Duration.ofSeconds(30));
		awaitScrapes(2);
	}

	private void runTasks(WorkerClient worker, String group) {
		for (int i = 0; i < 3; i++) {
			this.emulator.schedule(group);
			Map<String, Object> task = worker.takeTask(group);
			String token = (String) task.get("taskToken");
			worker.progress(token);
			worker.status(Map.of("taskToken", token, "taskStatus", "FINISHED"));
		}
		worker.heartbeat(Map.of("taskrunnerId", "runner-" + group, "workerGroup", group));
	}

	private void awaitScrapes(int count) {
		double before = successfulScrapes();
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(successfulScrapes())
				.as("successful scrapes; targets: %s", this.prometheus.targets())
				.isGreaterThanOrEqualTo(before + count));
	}

	private double successfulScrapes() {
		JsonNode result = this.prometheus.query("sum_over_time(up{job=\"" + PrometheusServer.JOB + "\"}[10m])")
			.path("data")
			.path("result");
		return result.isEmpty() ? 0 : result.get(0).path("value").get(1).asDouble();
	}

	@AfterAll
	void stopPrometheus() throws InterruptedException {
		this.waiting.forEach(Disposable::dispose);
		if (this.prometheus != null) {
			this.prometheus.close();
		}
	}

	@Test
	void shouldPassPromtoolCheckRules() throws IOException, InterruptedException {
		Process promtool = new ProcessBuilder(PrometheusServer.binary("promtool"), "check", "rules",
				RULES.toAbsolutePath().toString())
			.redirectErrorStream(true)
			.start();
		String output = new String(promtool.getInputStream().readAllBytes());

		assertThat(promtool.waitFor(30, TimeUnit.SECONDS)).isTrue();
		assertThat(promtool.exitValue()).as(output).isZero();
		assertThat(output).contains("SUCCESS");
	}

	@Test
	void shouldEvaluateEveryRuleWithoutError() {
		List<Map<String, Object>> rules = ruleDefinitions();
		rules.forEach((rule) -> assertEvaluates((String) rule.get("alert"), (String) rule.get("expr")));

		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			List<JsonNode> loaded = new ArrayList<>();
			this.prometheus.rules()
				.path("data")
				.path("groups")
				.forEach((group) -> group.path("rules").forEach(loaded::add));
			assertThat(loaded).hasSize(rules.size());
			assertThat(loaded).allSatisfy((rule) -> {
				assertThat(rule.path("health").asString()).as(rule.path("name") + ": " + rule.path("lastError"))
					.isEqualTo("ok");
			});
		});
	}

	@Test
	void shouldShowThePollWaitHistogramWithBucketsAboveTheMaximumWait() {
		// application-test.yml: max-wait 10 s, so the worker's client timeout is 20 s.
		JsonNode result = this.prometheus
			.query("sum by (le) (worker_gateway_poll_wait_seconds_bucket{job=\"" + PrometheusServer.JOB
					+ "\", le=~\"10.0|20.0|\\\\+Inf\"})")
			.path("data")
			.path("result");

		assertThat(result).hasSize(3);
	}

	@Test
	void shouldRunEveryDashboardQueryAndShowDataOnTheKeyPanels() throws IOException {
		JsonNode dashboard = JsonMapper.builder().build().readTree(Files.readString(DASHBOARD));
		List<String> checked = new ArrayList<>();
		for (JsonNode panel : dashboard.path("panels")) {
			String title = panel.path("title").asString();
			boolean anyData = false;
			for (JsonNode target : panel.path("targets")) {
				String expr = target.path("expr")
					.asString()
					.replace("$job", PrometheusServer.JOB)
					.replace("$__rate_interval", "1m");
				anyData |= !assertEvaluates(title, expr).path("data").path("result").isEmpty();
			}
			if (KEY_PANELS.contains(title)) {
				assertThat(anyData).as("data on the key panel '%s'", title).isTrue();
				checked.add(title);
			}
		}
		assertThat(checked).containsExactlyInAnyOrderElementsOf(KEY_PANELS);
	}

	private JsonNode assertEvaluates(String name, String expr) {
		JsonNode answer = this.prometheus.query(expr);
		assertThat(answer.path("status").asString()).as("%s: %s -> %s", name, expr, answer).isEqualTo("success");
		return answer;
	}

	@SuppressWarnings("unchecked")
	static List<Map<String, Object>> ruleDefinitions() {
		try {
			Map<String, Object> file = new Yaml().load(Files.readString(RULES));
			List<Map<String, Object>> rules = new ArrayList<>();
			((List<Map<String, Object>>) file.get("groups"))
				.forEach((group) -> rules.addAll((List<Map<String, Object>>) group.get("rules")));
			return rules;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
