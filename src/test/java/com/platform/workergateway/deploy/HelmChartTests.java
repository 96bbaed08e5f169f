package com.platform.workergateway.deploy;

import java.util.List;
import java.util.Map;

import com.marcnuri.helm.LintResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static com.platform.workergateway.deploy.HelmChart.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Lints and renders the Helm chart with default and non-default values, and checks every
 * rendered object against the Kubernetes API schema.
 */
class HelmChartTests {

	@Test
	void shouldPassStrictLint() {
		LintResult result = HelmChart.lintStrict();

		assertThat(result.isFailed()).as("%s", result.getMessages()).isFalse();
		assertThat(result.getMessages()).noneMatch((message) -> message.contains("[WARNING]"))
			.noneMatch((message) -> message.contains("[ERROR]"));
	}

	@Test
	void shouldRenderTheDefaultObjects() {
		Map<String, Map<String, Object>> objects = HelmChart.render();

		assertThat(objects).containsOnlyKeys("ConfigMap/worker-gateway", "Deployment/worker-gateway",
				"Service/worker-gateway", "Service/worker-gateway-peers", "ServiceAccount/worker-gateway",
				"PodDisruptionBudget/worker-gateway", "HorizontalPodAutoscaler/worker-gateway",
				"NetworkPolicy/worker-gateway");
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "values-auth.yaml", "values-emulator.yaml", "values-no-hpa.yaml",
			"values-ingress.yaml", "values-servicemonitor.yaml", "values-tuned.yaml", "values-shared-budget.yaml" })
	void shouldRenderObjectsValidAgainstTheKubernetesSchema(String valuesFile) {
		Map<String, Map<String, Object>> objects = valuesFile.isEmpty() ? HelmChart.render()
				: HelmChart.render(valuesFile);

		assertThat(objects).isNotEmpty();
		objects.forEach(
				(key, object) -> assertThatNoException().as(key).isThrownBy(() -> KubernetesSchema.validate(object)));
	}

	@Test
	void shouldRenderEveryOptionalObjectTogether() {
		Map<String, Map<String, Object>> objects = HelmChart.render("values-auth.yaml", "values-ingress.yaml",
				"values-servicemonitor.yaml");

		assertThat(objects).containsKeys("Ingress/worker-gateway", "ServiceMonitor/worker-gateway",
				"HorizontalPodAutoscaler/worker-gateway");
		assertThat(objects.keySet()).noneMatch((key) -> key.startsWith("Secret/"));
	}

	@Test
	void shouldRunOneReplicaWithoutAutoscalingInEmulatorMode() {
		Map<String, Map<String, Object>> objects = HelmChart.render("values-emulator.yaml");

		assertThat(objects).doesNotContainKey("HorizontalPodAutoscaler/worker-gateway");
		assertThat(HelmChart.<Integer>at(objects.get("Deployment/worker-gateway"), "spec", "replicas")).isEqualTo(1);
	}

	@Test
	void shouldRenderServiceWithApiAndManagementPorts() {
		Map<String, Object> service = HelmChart.render().get("Service/worker-gateway");

		List<Map<String, Object>> ports = at(service, "spec", "ports");
		assertThat(ports)
			.extracting((port) -> port.get("name"), (port) -> port.get("port"), (port) -> port.get("targetPort"))
			.containsExactly(tuple("http", 8080, "http"), tuple("management", 8081, "management"));
		assertThat(HelmChart.<Map<String, Object>>at(service, "spec", "selector"))
			.isEqualTo(HelmChart.<Map<String, Object>>at(HelmChart.render().get("Deployment/worker-gateway"), "spec",
					"selector", "matchLabels"));
	}

	@Test
	void shouldPointServiceAccountAtIrsaRoleWhenRoleArnIsSet() {
		Map<String, Object> account = HelmChart.render("values-auth.yaml").get("ServiceAccount/worker-gateway");

		assertThat(HelmChart.<Map<String, Object>>at(account, "metadata", "annotations"))
			.containsEntry("eks.amazonaws.com/role-arn", "arn:aws:iam::123456789012:role/worker-gateway");
		assertThat(
				HelmChart.<Map<String, Object>>at(HelmChart.render().get("ServiceAccount/worker-gateway"), "metadata"))
			.doesNotContainKey("annotations");
	}

	@Test
	void shouldAllowApiFromConfiguredNamespacesAndManagementFromMonitoringOnly() {
		Map<String, Object> policy = HelmChart.render("values-ingress.yaml").get("NetworkPolicy/worker-gateway");

		List<Map<String, Object>> ingress = at(policy, "spec", "ingress");
		assertThat(ingress).hasSize(2);
		assertThat(HelmChart.<List<Object>>at(ingress.get(0), "from")).containsExactly(Map.of("podSelector", Map.of()),
				namespace("ingress-nginx"));
		assertThat(HelmChart.<List<Object>>at(ingress.get(0), "ports"))
			.containsExactly(Map.of("port", "http", "protocol", "TCP"));
		assertThat(HelmChart.<List<Object>>at(ingress.get(1), "from")).containsExactly(namespace("monitoring"));
		assertThat(HelmChart.<List<Object>>at(ingress.get(1), "ports"))
			.containsExactly(Map.of("port", "management", "protocol", "TCP"));
	}

	@Test
	void shouldAllowEgressOnlyToDnsAwsHttpsAndThePodIdentityAgent() {
		Map<String, Object> policy = HelmChart.render().get("NetworkPolicy/worker-gateway");

		assertThat(HelmChart.<List<String>>at(policy, "spec", "policyTypes")).containsExactly("Ingress", "Egress");
		List<Map<String, Object>> egress = at(policy, "spec", "egress");
		assertThat(egress).hasSize(3);
		assertThat(egress.get(0)).doesNotContainKey("to");
		assertThat(HelmChart.<List<Object>>at(egress.get(0), "ports"))
			.containsExactly(Map.of("port", 53, "protocol", "UDP"), Map.of("port", 53, "protocol", "TCP"));
		assertThat(HelmChart.<List<Object>>at(egress.get(1), "to"))
			.containsExactly(Map.of("ipBlock", Map.of("cidr", "0.0.0.0/0")));
		assertThat(HelmChart.<List<Object>>at(egress.get(1), "ports"))
			.containsExactly(Map.of("port", 443, "protocol", "TCP"));
		assertThat(HelmChart.<List<Object>>at(egress.get(2), "to"))
			.containsExactly(Map.of("ipBlock", Map.of("cidr", "169.254.170.23/32")));
	}

	@Test
	void shouldNotRenderAnAllowAllRuleWhenApiHasNoSources() {
		Map<String, Object> policy = HelmChart
			.objects(HelmChart.template(Map.of("networkPolicy.api.allowSameNamespace", false)))
			.get("NetworkPolicy/worker-gateway");

		List<Map<String, Object>> ingress = at(policy, "spec", "ingress");
		assertThat(ingress).hasSize(1).allSatisfy((rule) -> assertThat(rule).containsKey("from"));
	}

	@Test
	void shouldScaleWithHpaByDefaultAndWithReplicaCountWhenHpaIsOff() {
		Map<String, Map<String, Object>> defaults = HelmChart.render();
		Map<String, Map<String, Object>> fixed = HelmChart.render("values-no-hpa.yaml");

		assertThat(HelmChart.<Map<String, Object>>at(defaults.get("Deployment/worker-gateway"), "spec"))
			.doesNotContainKey("replicas");
		assertThat(HelmChart.<Integer>at(defaults.get("HorizontalPodAutoscaler/worker-gateway"), "spec", "maxReplicas"))
			.isEqualTo(6);
		assertThat(fixed).doesNotContainKey("HorizontalPodAutoscaler/worker-gateway");
		assertThat(HelmChart.<Integer>at(fixed.get("Deployment/worker-gateway"), "spec", "replicas")).isEqualTo(3);
	}

	@Test
	void shouldKeepOnePodThroughVoluntaryDisruptions() {
		Map<String, Object> budget = HelmChart.render().get("PodDisruptionBudget/worker-gateway");

		assertThat(HelmChart.<Integer>at(budget, "spec", "maxUnavailable")).isEqualTo(1);
	}

	@Test
	void shouldScrapeThePrometheusEndpointOnTheManagementPortWhenServiceMonitorIsOn() {
		Map<String, Map<String, Object>> objects = HelmChart.render("values-servicemonitor.yaml");

		Map<String, Object> monitor = objects.get("ServiceMonitor/worker-gateway");
		assertThat(HelmChart.<Map<String, Object>>at(monitor, "spec", "endpoints", 0))
			.containsEntry("port", "management")
			.containsEntry("path", "/actuator/prometheus");
		assertThat(HelmChart.<Map<String, Object>>at(monitor, "metadata", "labels")).containsEntry("release",
				"kube-prometheus-stack");
		assertThat(HelmChart.<Map<String, Object>>at(monitor, "spec", "selector", "matchLabels"))
			.isEqualTo(HelmChart.at(objects.get("Service/worker-gateway"), "spec", "selector"));
	}

	private static Map<String, Object> namespace(String name) {
		return Map.of("namespaceSelector", Map.of("matchLabels", Map.of("kubernetes.io/metadata.name", name)));
	}

	private static org.assertj.core.groups.Tuple tuple(Object... values) {
		return org.assertj.core.groups.Tuple.tuple(values);
	}

}
