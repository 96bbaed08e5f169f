package com.platform.workergateway.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * The chart's observability objects: the PrometheusRule is the committed rule file (one
 * source), every runbook link is a section of docs/operations.md, the dashboard ConfigMap
 * carries the committed dashboard with the sidecar's label, and tracing settings reach
 * the pod.
 */
class ObservabilityChartTests {

	private static final Path RULES = HelmChart.CHART.resolve("alerts/worker-gateway.rules.yml");

	private static final Path DASHBOARD = HelmChart.CHART.resolve("dashboards/worker-gateway.json");

	private static final Path RUNBOOK = Path.of("docs", "operations.md");

	private static final String DEFAULT_RUNBOOK_BASE = "https://github.com/platform/worker-gateway/blob/main/docs/operations.md";

	@Test
	void shouldShipTheCommittedRuleFileAsThePrometheusRule() throws IOException {
		Map<String, Object> rule = HelmChart.objects(HelmChart.template(Map.of("prometheusRule.enabled", true)))
			.get("PrometheusRule/worker-gateway");

		assertThat(HelmChart.<Object>at(rule, "spec", "groups")).isEqualTo(ruleFile().get("groups"));
		assertThatNoException().isThrownBy(() -> KubernetesSchema.validate(rule));
	}

	@Test
	void shouldRebaseRunbooksAndAddRuleLabelsWhenConfigured() {
		Map<String, Map<String, Object>> objects = HelmChart.render("values-observability.yaml");
		Map<String, Object> rule = objects.get("PrometheusRule/worker-gateway");

		assertThat(HelmChart.<Map<String, Object>>at(rule, "metadata", "labels")).containsEntry("release",
				"kube-prometheus-stack");
		List<Map<String, Object>> rules = HelmChart.at(rule, "spec", "groups", 0, "rules");
		assertThat(rules).isNotEmpty().allSatisfy((alert) -> {
			assertThat(HelmChart.<String>at(alert, "annotations", "runbook_url"))
				.startsWith("https://docs.example.internal/worker-gateway/operations.html#");
			assertThat(HelmChart.<Map<String, Object>>at(alert, "labels")).containsEntry("team", "data-platform")
				.containsKey("severity");
		});
		objects.values()
			.forEach((object) -> assertThatNoException().isThrownBy(() -> KubernetesSchema.validate(object)));
	}

	@Test
	void shouldLinkEveryAlertToItsSectionOfTheRunbook() throws IOException {
		Set<String> anchors = anchors(Files.readString(RUNBOOK));
		List<Map<String, Object>> rules = rules();

		assertThat(rules).isNotEmpty().allSatisfy((rule) -> {
			String url = HelmChart.at(rule, "annotations", "runbook_url");
			assertThat(url).startsWith(DEFAULT_RUNBOOK_BASE + "#");
			assertThat(anchors).as("section of %s for %s", RUNBOOK, rule.get("alert"))
				.contains(url.substring(url.indexOf('#') + 1));
		});
	}

	@Test
	void shouldCoverTheAlertsTheOperatorsNeed() throws IOException {
		Set<String> alerts = rules().stream().map((rule) -> (String) rule.get("alert")).collect(Collectors.toSet());

		assertThat(alerts).contains("WorkerGatewayCircuitBreakerOpen", "WorkerGatewayUpstreamErrors",
				"WorkerGatewayBudgetRefusals", "WorkerGatewayTasksRedelivered", "WorkerGatewayTasksUnacknowledged",
				"WorkerGatewayOrphansReleased", "WorkerGatewayWaitersNearGroupCap",
				"WorkerGatewayAcknowledgementNearDeadline", "WorkerGatewayNoReadyReplica");
	}

	@Test
	void shouldShipTheDashboardForGrafanasSidecarWhenEnabled() throws IOException {
		Map<String, Object> configMap = HelmChart.render("values-observability.yaml")
			.get("ConfigMap/worker-gateway-dashboard");

		assertThat(HelmChart.<Map<String, Object>>at(configMap, "metadata", "labels"))
			.containsEntry("grafana_dashboard", "1");
		assertThat(HelmChart.<String>at(configMap, "metadata", "namespace")).isEqualTo("monitoring");
		String json = HelmChart.at(configMap, "data", "worker-gateway.json");
		assertThat(json).isEqualToIgnoringWhitespace(Files.readString(DASHBOARD));
		assertThat(JsonMapper.builder().build().readTree(json).path("panels").size()).isGreaterThan(10);
	}

	@Test
	void shouldExportTracesOnlyWhenAnEndpointIsSet() {
		assertThat(env(HelmChart.render())).containsEntry("MANAGEMENT_TRACING_SAMPLING_PROBABILITY", "0.1")
			.doesNotContainKey("MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_OTLP_ENDPOINT");
		assertThat(env(HelmChart.render("values-observability.yaml")))
			.containsEntry("MANAGEMENT_TRACING_SAMPLING_PROBABILITY", "0.25")
			.containsEntry("MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_OTLP_ENDPOINT",
					"http://otel-collector.observability:4318/v1/traces");
	}

	private static Map<String, String> env(Map<String, Map<String, Object>> objects) {
		List<Map<String, Object>> env = HelmChart.at(objects.get("Deployment/worker-gateway"), "spec", "template",
				"spec", "containers", 0, "env");
		return env.stream()
			.filter((variable) -> variable.get("value") != null)
			.collect(Collectors.toMap((variable) -> (String) variable.get("name"),
					(variable) -> String.valueOf(variable.get("value"))));
	}

	private static Map<String, Object> ruleFile() throws IOException {
		return new Yaml().load(Files.readString(RULES));
	}

	private static List<Map<String, Object>> rules() throws IOException {
		List<Map<String, Object>> groups = HelmChart.at(ruleFile(), "groups");
		return groups.stream()
			.flatMap((group) -> HelmChart.<List<Map<String, Object>>>at(group, "rules").stream())
			.toList();
	}

	/** GitHub's anchors of a Markdown file's headings. */
	private static Set<String> anchors(String markdown) {
		Matcher heading = Pattern.compile("(?m)^#{1,6} (.+)$").matcher(markdown);
		return heading.results()
			.map((match) -> match.group(1)
				.trim()
				.toLowerCase(Locale.ROOT)
				.replaceAll("[^a-z0-9 _-]", "")
				.replace(' ', '-'))
			.collect(Collectors.toSet());
	}

}
