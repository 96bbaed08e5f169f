package com.platform.workergateway.deploy;

import java.util.List;
import java.util.Map;

import com.marcnuri.helm.LintResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static com.platform.workergateway.deploy.HelmChart.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
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
				"PodDisruptionBudget/worker-gateway", "NetworkPolicy/worker-gateway", "Pod/worker-gateway-test");
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "values-auth.yaml", "values-emulator.yaml", "values-no-hpa.yaml",
			"values-ingress.yaml", "values-servicemonitor.yaml", "values-tuned.yaml", "values-shared-budget.yaml",
			"values-keda.yaml", "values-prometheus-adapter.yaml" })
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
				"values-servicemonitor.yaml", "values-keda.yaml");

		assertThat(objects).containsKeys("Ingress/worker-gateway", "ServiceMonitor/worker-gateway",
				"ScaledObject/worker-gateway");
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
		assertThat(ingress).hasSize(3);
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
		assertThat(ingress).hasSize(2).allSatisfy((rule) -> assertThat(rule).containsKey("from"));
	}

	@Test
	void shouldRunFixedReplicasByDefaultWithoutAnAutoscaler() {
		Map<String, Map<String, Object>> defaults = HelmChart.render();
		Map<String, Map<String, Object>> fixed = HelmChart.render("values-no-hpa.yaml");

		assertThat(defaults.keySet()).noneMatch((key) -> key.startsWith("HorizontalPodAutoscaler/"))
			.noneMatch((key) -> key.startsWith("ScaledObject/"));
		assertThat(HelmChart.<Integer>at(defaults.get("Deployment/worker-gateway"), "spec", "replicas")).isEqualTo(2);
		assertThat(HelmChart.<Integer>at(fixed.get("Deployment/worker-gateway"), "spec", "replicas")).isEqualTo(3);
	}

	@Test
	void shouldScaleOnWaitingWorkersPerReplicaWithKeda() {
		Map<String, Map<String, Object>> objects = HelmChart.render("values-keda.yaml");

		Map<String, Object> scaled = objects.get("ScaledObject/worker-gateway");
		assertThat(HelmChart.<Map<String, Object>>at(objects.get("Deployment/worker-gateway"), "spec"))
			.doesNotContainKey("replicas");
		assertThat(objects).doesNotContainKey("HorizontalPodAutoscaler/worker-gateway");
		assertThat(HelmChart.<Map<String, Object>>at(scaled, "spec")).containsEntry("minReplicaCount", 2)
			.containsEntry("maxReplicaCount", 6);
		assertThat(HelmChart.<Map<String, Object>>at(scaled, "spec", "scaleTargetRef")).containsEntry("name",
				"worker-gateway");
		assertThat(HelmChart.<Map<String, Object>>at(scaled, "spec", "triggers", 0)).containsEntry("type",
				"prometheus");
		// The series as the chart's ServiceMonitor labels them.
		assertThat(HelmChart.<Map<String, Object>>at(scaled, "spec", "triggers", 0, "metadata"))
			.containsEntry("query",
					"sum(worker_gateway_waiters{namespace=\"worker-gateway\",service=\"worker-gateway\"})")
			.containsEntry("threshold", "1000");
		assertThat(HelmChart.<Integer>at(scaled, "spec", "advanced", "horizontalPodAutoscalerConfig", "behavior",
				"scaleDown", "policies", 0, "periodSeconds"))
			.isEqualTo(130);
	}

	@Test
	void shouldScaleOnThePodsMetricThroughThePrometheusAdapter() {
		Map<String, Map<String, Object>> objects = HelmChart.render("values-prometheus-adapter.yaml");

		Map<String, Object> hpa = objects.get("HorizontalPodAutoscaler/worker-gateway");
		assertThat(HelmChart.<Map<String, Object>>at(hpa, "spec", "metrics", 0))
			.isEqualTo(Map.of("type", "Pods", "pods", Map.of("metric", Map.of("name", "worker_gateway_waiters"),
					"target", Map.of("type", "AverageValue", "averageValue", "1000"))));
		assertThat(HelmChart.<Integer>at(hpa, "spec", "maxReplicas")).isEqualTo(4);
	}

	@Test
	void shouldRefuseAnAutoscalingTargetThatReplicasCannotAdmit() {
		assertThatIllegalStateException()
			.isThrownBy(() -> HelmChart
				.template(Map.of("autoscaling.enabled", true, "autoscaling.targetWaitersPerReplica", 5000)))
			.withMessageContaining("autoscaling.targetWaitersPerReplica (5000) must be below max-waiters");
	}

	@Test
	void shouldCallTheApiWithoutATokenAndReadinessFromAPinnedRestrictedTestPod() {
		Map<String, Map<String, Object>> objects = HelmChart.render();

		Map<String, Object> pod = objects.get("Pod/worker-gateway-test");
		assertThat(HelmChart.<Map<String, Object>>at(pod, "metadata", "annotations")).containsEntry("helm.sh/hook",
				"test");
		Map<String, Object> container = HelmChart.at(pod, "spec", "containers", 0);
		assertThat(HelmChart.<String>at(container, "image")).matches("[a-z0-9./-]+@sha256:[0-9a-f]{64}");
		assertThat(HelmChart.<Map<String, Object>>at(container, "securityContext")).containsEntry("runAsNonRoot", true)
			.containsEntry("readOnlyRootFilesystem", true)
			.containsEntry("allowPrivilegeEscalation", false)
			.containsEntry("capabilities", Map.of("drop", List.of("ALL")))
			.containsEntry("seccompProfile", Map.of("type", "RuntimeDefault"));
		assertThat(HelmChart.<List<Map<String, Object>>>at(container, "env")).contains(
				Map.of("name", "API", "value", "http://worker-gateway.worker-gateway.svc:8080"),
				Map.of("name", "MANAGEMENT", "value", "http://worker-gateway.worker-gateway.svc:8081"),
				Map.of("name", "EXPECT_401", "value", "true"));
		assertThat(HelmChart.<String>at(container, "command", 2)).contains("$API/v1/tasks/poll")
			.contains("401 application/problem+json")
			.contains("urn:worker-gateway:problem:unauthenticated")
			.contains("$MANAGEMENT/actuator/health/readiness");
		// Not a gateway pod: the Service, PDB and the gateway's NetworkPolicy do not
		// select it.
		Map<String, Object> selector = HelmChart.at(objects.get("Service/worker-gateway"), "spec", "selector");
		Map<String, Object> labels = HelmChart.at(pod, "metadata", "labels");
		assertThat(labels.entrySet().containsAll(selector.entrySet())).isFalse();
		// ... but the NetworkPolicy admits exactly this pod to both ports.
		List<Map<String, Object>> rules = HelmChart.at(objects.get("NetworkPolicy/worker-gateway"), "spec", "ingress");
		assertThat(rules).contains(Map.of("from",
				List.of(Map.of("podSelector", Map.of("matchLabels", HelmChart.at(pod, "metadata", "labels")))), "ports",
				List.of(Map.of("port", "http", "protocol", "TCP"), Map.of("port", "management", "protocol", "TCP"))));
	}

	@Test
	void shouldSkipThe401CheckWhenAuthenticationIsOff() {
		Map<String, Object> pod = HelmChart
			.objects(HelmChart.template(Map.of("config.worker-gateway.security.enabled", false)))
			.get("Pod/worker-gateway-test");

		assertThat(HelmChart.<List<Map<String, Object>>>at(pod, "spec", "containers", 0, "env"))
			.contains(Map.of("name", "EXPECT_401", "value", "false"));
	}

	@Test
	void shouldSpreadReplicasSoftlyAcrossZonesAndNodes() {
		Map<String, Map<String, Object>> objects = HelmChart.render();

		Map<String, Object> selector = HelmChart.at(objects.get("Deployment/worker-gateway"), "spec", "selector",
				"matchLabels");
		List<Map<String, Object>> constraints = HelmChart.at(DeploymentTemplateTests.pod(objects),
				"topologySpreadConstraints");
		assertThat(constraints).extracting((constraint) -> constraint.get("topologyKey"))
			.containsExactly("topology.kubernetes.io/zone", "kubernetes.io/hostname");
		assertThat(constraints)
			.allSatisfy((constraint) -> assertThat(constraint).containsEntry("whenUnsatisfiable", "ScheduleAnyway")
				.containsEntry("maxSkew", 1)
				.containsEntry("labelSelector", Map.of("matchLabels", selector)));
		Map<String, Object> custom = HelmChart
			.objects(HelmChart.template(Map.of("topologySpreadConstraints[0].topologyKey", "kubernetes.io/hostname",
					"topologySpreadConstraints[0].maxSkew", 2, "topologySpreadConstraints[0].whenUnsatisfiable",
					"DoNotSchedule")))
			.get("Deployment/worker-gateway");
		assertThat(HelmChart.<List<Map<String, Object>>>at(custom, "spec", "template", "spec",
				"topologySpreadConstraints"))
			.containsExactly(Map.of("topologyKey", "kubernetes.io/hostname", "maxSkew", 2, "whenUnsatisfiable",
					"DoNotSchedule"));
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
