package com.platform.workergateway.deploy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static com.platform.workergateway.deploy.HelmChart.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The Deployment, its ConfigMap and Ingress: probes, shutdown timing, security context,
 * configuration and secret references as derived from values.
 */
class DeploymentTemplateTests {

	@Test
	void shouldProbeTheActuatorHealthGroupsOnTheManagementPort() {
		Map<String, Object> container = container(HelmChart.render());

		assertThat(HelmChart.<List<Map<String, Object>>>at(container, "ports"))
			.contains(Map.of("name", "management", "containerPort", 8081, "protocol", "TCP"))
			.contains(Map.of("name", "http", "containerPort", 8080, "protocol", "TCP"));
		assertThat(HelmChart.<Map<String, Object>>at(container, "livenessProbe", "httpGet"))
			.isEqualTo(Map.of("path", "/actuator/health/liveness", "port", "management"));
		assertThat(HelmChart.<Map<String, Object>>at(container, "startupProbe", "httpGet"))
			.isEqualTo(Map.of("path", "/actuator/health/liveness", "port", "management"));
		assertThat(HelmChart.<Map<String, Object>>at(container, "readinessProbe", "httpGet"))
			.isEqualTo(Map.of("path", "/actuator/health/readiness", "port", "management"));
	}

	@Test
	void shouldFollowTheManagementPortFromValues() {
		Map<String, Map<String, Object>> objects = HelmChart
			.objects(HelmChart.template(Map.of("config.management.server.port", 9091)));

		assertThat(HelmChart.<List<Map<String, Object>>>at(container(objects), "ports"))
			.contains(Map.of("name", "management", "containerPort", 9091, "protocol", "TCP"));
		assertThat(applicationConfig(objects)).extractingByKey("management")
			.isEqualTo(Map.of("server", Map.of("port", 9091)));
	}

	@Test
	void shouldDeriveTheGracePeriodAbovePreStopPlusUpstreamResponseTimeout() {
		Map<String, Map<String, Object>> objects = HelmChart.render();

		int grace = at(pod(objects), "terminationGracePeriodSeconds");
		int preStop = at(container(objects), "lifecycle", "preStop", "sleep", "seconds");
		assertThat(preStop).isEqualTo(10);
		// upstream poll-response-timeout 95 s, shutdown phase 100 s
		assertThat(grace).isGreaterThan(preStop + 95).isGreaterThan(preStop + 110).isEqualTo(130);
	}

	@Test
	void shouldRecomputeTheGracePeriodWhenTimeoutsChange() {
		Map<String, Map<String, Object>> objects = HelmChart.render("values-tuned.yaml");

		// preStop 20 + shutdown phase 3m + margin 5; poll-response-timeout 120000ms is
		// below the phase
		assertThat(HelmChart.<Integer>at(pod(objects), "terminationGracePeriodSeconds")).isEqualTo(205);
		assertThat(HelmChart.<Integer>at(container(objects), "lifecycle", "preStop", "sleep", "seconds")).isEqualTo(20);
	}

	@Test
	void shouldCoverTheSdkBackstopTimeoutWhenItOutlastsTheShutdownPhase() {
		Map<String, Map<String, Object>> objects = HelmChart
			.objects(HelmChart.template(Map.of("config.worker-gateway.upstream.poll-response-timeout", "96s",
					"config.worker-gateway.upstream.sdk-timeout-margin", "20s")));

		// preStop 10 + max(phase 110, 96 + 20) + margin 10
		assertThat(HelmChart.<Integer>at(pod(objects), "terminationGracePeriodSeconds")).isEqualTo(136);
	}

	@Test
	void shouldRefuseAShutdownPhaseNotAboveTheUpstreamResponseTimeout() {
		assertThatIllegalStateException()
			.isThrownBy(() -> HelmChart.template(Map.of("config.spring.lifecycle.timeout-per-shutdown-phase", "90s")))
			.withMessageContaining("timeout-per-shutdown-phase (90s) must be above")
			.withMessageContaining("poll-response-timeout (95s)");
	}

	@Test
	void shouldRunAsNonRootWithReadOnlyRootFilesystemAndNoCapabilities() {
		Map<String, Map<String, Object>> objects = HelmChart.render();

		Map<String, Object> pod = pod(objects);
		assertThat(HelmChart.<Map<String, Object>>at(pod, "securityContext")).containsEntry("runAsNonRoot", true)
			.containsEntry("runAsUser", 10001)
			.containsEntry("seccompProfile", Map.of("type", "RuntimeDefault"));
		assertThat(HelmChart.<Boolean>at(pod, "automountServiceAccountToken")).isFalse();
		Map<String, Object> container = container(objects);
		assertThat(HelmChart.<Map<String, Object>>at(container, "securityContext")).containsEntry("runAsNonRoot", true)
			.containsEntry("runAsUser", 10001)
			.containsEntry("readOnlyRootFilesystem", true)
			.containsEntry("allowPrivilegeEscalation", false)
			.containsEntry("privileged", false)
			.containsEntry("capabilities", Map.of("drop", List.of("ALL")))
			.containsEntry("seccompProfile", Map.of("type", "RuntimeDefault"));
		assertThat(HelmChart.<List<Map<String, Object>>>at(container, "volumeMounts"))
			.contains(Map.of("name", "tmp", "mountPath", "/tmp"));
		assertThat(HelmChart.<List<Map<String, Object>>>at(pod, "volumes"))
			.contains(Map.of("name", "tmp", "emptyDir", Map.of("sizeLimit", "64Mi")));
		assertThat(HelmChart.<Map<String, Object>>at(container, "resources", "limits")).containsKey("memory");
	}

	@Test
	void shouldMountTheConfigMapAsApplicationYamlMirroringValues() {
		Map<String, Map<String, Object>> objects = HelmChart.render();

		Map<String, Object> config = applicationConfig(objects);
		Map<String, Object> values = HelmChart.yaml().load(HelmChart.valuesYaml());
		Map<String, Object> expected = at(values, "config");
		Map<String, Object> upstream = at(expected, "worker-gateway", "upstream");
		upstream.remove("endpoint");
		// Derived by the chart: no Redis url (so no key prefix either), and the headless
		// Service through which each replica counts the replicas running.
		Map<String, Object> budget = at(expected, "worker-gateway", "budget");
		HelmChart.<Map<String, Object>>at(budget, "redis").remove("url");
		HelmChart.<Map<String, Object>>at(budget, "redis").remove("key-prefix");
		HelmChart.<Map<String, Object>>at(budget, "peers")
			.put("dns-name", "worker-gateway-peers.worker-gateway.svc.cluster.local");
		HelmChart.<Map<String, Object>>at(expected, "worker-gateway", "dispatch").put("max-waiters", 3146);
		HelmChart.<Map<String, Object>>at(expected, "worker-gateway")
			.put("sizing", Map.of("heap-per-waiter", "40KB", "reserved-heap", "64MB", "headroom-percent", 25));
		assertThat(config).isEqualTo(expected);
		assertThat(HelmChart.<List<Map<String, Object>>>at(container(objects), "env")).contains(Map.of("name",
				"SPRING_CONFIG_ADDITIONAL_LOCATION", "value", "file:/etc/worker-gateway/application.yml"));
		assertThat(HelmChart.<List<Map<String, Object>>>at(pod(objects), "volumes"))
			.contains(Map.of("name", "config", "configMap", Map.of("name", "worker-gateway")));
	}

	@Test
	void shouldKeepTheEndpointOverrideWhenSet() {
		Map<String, Object> config = applicationConfig(HelmChart.render("values-tuned.yaml"));

		assertThat(HelmChart.<Map<String, Object>>at(config, "worker-gateway", "upstream"))
			.containsEntry("endpoint", "https://datapipeline.eu-west-1.amazonaws.com")
			.containsEntry("region", "eu-west-1")
			.doesNotContainKey("static-credentials");
	}

	@Test
	void shouldRollPodsWhenTheConfigurationChanges() {
		String before = checksum(HelmChart.render());
		String after = checksum(HelmChart.render("values-tuned.yaml"));
		String unrelated = checksum(HelmChart.render("values-servicemonitor.yaml"));

		assertThat(before).matches("[0-9a-f]{64}");
		assertThat(after).isNotEqualTo(before);
		assertThat(unrelated).isEqualTo(before);
	}

	@Test
	void shouldInjectSecretReferencesAndNoSecretMaterial() {
		Map<String, Map<String, Object>> objects = HelmChart.render("values-auth.yaml");

		List<Map<String, Object>> env = at(container(objects), "env");
		// Secrets are read-only files that the application reads.
		assertThat(HelmChart.<List<Map<String, Object>>>at(pod(objects), "volumes")).contains(
				Map.of("name", "task-token-keys", "secret",
						Map.of("secretName", "worker-gateway-task-token", "defaultMode", 288, "items",
								List.of(Map.of("key", "key-ring", "path", "keys")))),
				Map.of("name", "worker-tokens", "secret",
						Map.of("secretName", "worker-gateway-worker-tokens", "defaultMode", 288, "items",
								List.of(Map.of("key", "worker-tokens.yaml", "path", "worker-tokens.yaml")))));
		assertThat(HelmChart.<List<Map<String, Object>>>at(container(objects), "volumeMounts")).contains(
				Map.of("name", "task-token-keys", "mountPath", "/etc/worker-gateway-secrets/task-token", "readOnly",
						true),
				Map.of("name", "worker-tokens", "mountPath", "/etc/worker-gateway-secrets/worker-tokens", "readOnly",
						true));
		assertThat(HelmChart.<Map<String, Object>>at(applicationConfig(objects), "worker-gateway", "task-token"))
			.isEqualTo(Map.of("keys-file", "/etc/worker-gateway-secrets/task-token/keys"));
		assertThat(HelmChart.<String>at(applicationConfig(objects), "worker-gateway", "security", "static-tokens-file"))
			.isEqualTo("/etc/worker-gateway-secrets/worker-tokens/worker-tokens.yaml");
		// No secret material in the environment: only the config location, the JVM's
		// options and tracing's sampling probability (the Redis password, when set, is a
		// secretKeyRef: BudgetChartTests).
		assertThat(env).extracting((var) -> var.get("name"))
			.containsExactly("SPRING_CONFIG_ADDITIONAL_LOCATION", "JDK_JAVA_OPTIONS",
					"MANAGEMENT_TRACING_SAMPLING_PROBABILITY");
		assertThat(HelmChart.<String>at(container(objects), "image")).isEqualTo(
				"ghcr.io/platform/worker-gateway@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
		assertThat(HelmChart.<List<Map<String, Object>>>at(container(HelmChart.render()), "env")).hasSize(3);
	}

	@Test
	void shouldRunTheEmbeddedEmulatorInEmulatorMode() {
		Map<String, Map<String, Object>> objects = HelmChart.render("values-emulator.yaml");

		Map<String, Object> gateway = at(applicationConfig(objects), "worker-gateway");
		assertThat(gateway).containsEntry("emulator", Map.of("enabled", true, "address", "0.0.0.0", "port", 8090));
		// The documented development token, by its SHA-256 (printf %s dev-token |
		// sha256sum), for every group.
		assertThat(HelmChart.<List<Object>>at(gateway, "security", "static-tokens"))
			.containsExactly(Map.of("name", "emulator-developer", "sha256",
					"c91cbbedf8c712e8e2b7517ddeca8fe4fde839ebd8339e0b2001363002b37712", "groups", List.of("*")));
		assertThat(HelmChart.<Map<String, Object>>at(gateway, "upstream", "static-credentials"))
			.containsOnlyKeys("access-key-id", "secret-access-key");
		assertThat(HelmChart.<List<Map<String, Object>>>at(container(objects), "ports"))
			.contains(Map.of("name", "emulator", "containerPort", 8090, "protocol", "TCP"));
		assertThat(HelmChart.<List<Map<String, Object>>>at(objects.get("Service/worker-gateway"), "spec", "ports"))
			.contains(Map.of("name", "emulator", "port", 8090, "targetPort", "emulator", "protocol", "TCP"));
		assertThat(
				HelmChart.<List<Map<String, Object>>>at(objects.get("NetworkPolicy/worker-gateway"), "spec", "ingress"))
			.anySatisfy((rule) -> assertThat(rule).containsEntry("ports",
					List.of(Map.of("port", "emulator", "protocol", "TCP"))));
	}

	@Test
	void shouldNotExposeTheEmulatorByDefault() {
		Map<String, Map<String, Object>> objects = HelmChart.render();

		Map<String, Object> gateway = at(applicationConfig(objects), "worker-gateway");
		assertThat(gateway).doesNotContainKey("emulator");
		assertThat(HelmChart.<Map<String, Object>>at(gateway, "security")).doesNotContainKey("static-tokens");
		assertThat(HelmChart.<Map<String, Object>>at(gateway, "upstream")).doesNotContainKey("static-credentials");
		assertThat(HelmChart.<List<Map<String, Object>>>at(objects.get("Service/worker-gateway"), "spec", "ports"))
			.extracting((port) -> port.get("name"))
			.doesNotContain("emulator");
	}

	@Test
	void shouldSetIngressReadTimeoutAboveTheMaxWaitAndBelowTheWorkerClientTimeout() {
		Map<String, Object> ingress = HelmChart.render("values-ingress.yaml").get("Ingress/worker-gateway");

		Map<String, Object> annotations = at(ingress, "metadata", "annotations");
		// max-wait 60 s + margin 5 s; workers time out at wait + 10 s = 70 s
		assertThat(annotations).containsEntry("nginx.ingress.kubernetes.io/proxy-read-timeout", "65")
			.containsEntry("nginx.ingress.kubernetes.io/proxy-send-timeout", "65")
			.containsEntry("nginx.ingress.kubernetes.io/ssl-redirect", "true");
		assertThat(HelmChart.<Map<String, Object>>at(ingress, "spec", "rules", 0, "http", "paths", 0))
			.containsEntry("path", "/v1")
			.containsEntry("backend",
					Map.of("service", Map.of("name", "worker-gateway", "port", Map.of("name", "http"))));
	}

	@Test
	void shouldSetTheAlbIdleTimeoutFromTheMaxWait() {
		Map<String, Object> ingress = HelmChart.objects(
				HelmChart.template(Map.of("ingress.className", "alb", "config.worker-gateway.poll.max-wait", "50s"),
						"values-ingress.yaml"))
			.get("Ingress/worker-gateway");

		assertThat(HelmChart.<Map<String, Object>>at(ingress, "metadata", "annotations"))
			.containsEntry("alb.ingress.kubernetes.io/load-balancer-attributes", "idle_timeout.timeout_seconds=55");
	}

	@Test
	void shouldDeriveMaxWaitersFromTheMemoryLimitWithHeadroom() {
		// (limit - idle 270 MiB) x 1024 / 63 KiB per waiter / 1.25
		assertThat(maxWaiters(HelmChart.render())).isEqualTo((512 - 270) * 1024 * 100 / (63 * 125));
		// ... or what the heap (50 % of the limit) holds, when that is less:
		// (heap - 64 MiB reserved) x 1024 / 40 KiB / 1.25
		assertThat(maxWaiters(HelmChart.objects(HelmChart.template(Map.of("resources.limits.memory", "1Gi")))))
			.isEqualTo((512 - 64) * 1024 * 100 / (40 * 125));
		assertThat(maxWaiters(HelmChart.objects(HelmChart.template(Map.of("sizing.headroomPercent", 50)))))
			.isEqualTo((512 - 270) * 1024 * 100 / (63 * 150));
		assertThat(maxWaiters(
				HelmChart.objects(HelmChart.template(Map.of("config.worker-gateway.dispatch.max-waiters", 1234)))))
			.isEqualTo(1234);
	}

	@Test
	void shouldRefuseAMemoryLimitWithNoRoomForWaiters() {
		assertThatIllegalStateException()
			.isThrownBy(() -> HelmChart.template(Map.of("resources.limits.memory", "256Mi")))
			.withMessageContaining("resources.limits.memory (256Mi) leaves no room for waiting workers");
	}

	@Test
	void shouldRefuseAHeadroomBelowAQuarter() {
		assertThatIllegalStateException().isThrownBy(() -> HelmChart.template(Map.of("sizing.headroomPercent", 10)))
			.withMessageContaining("headroomPercent");
	}

	@Test
	void shouldSizeJvmThreadPoolsToTheCpuOfThePodNotTheNode() {
		assertThat(jdkJavaOptions(HelmChart.render())).isEqualTo("-Xmx256m -XX:ActiveProcessorCount=2");
		assertThat(jdkJavaOptions(HelmChart.objects(HelmChart.template(Map.of("resources.requests.cpu", "3")))))
			.isEqualTo("-Xmx256m -XX:ActiveProcessorCount=3");
		assertThat(jdkJavaOptions(HelmChart.objects(HelmChart.template(Map.of("resources.requests.cpu", "1500m",
				"resources.limits.cpu", "4500m", "jvm.extraOptions", "-Xlog:gc")))))
			.isEqualTo("-Xmx256m -XX:ActiveProcessorCount=5 -Xlog:gc");
		assertThat(jdkJavaOptions(HelmChart.objects(HelmChart.template(Map.of("jvm.activeProcessorCount", "8")))))
			.isEqualTo("-Xmx256m -XX:ActiveProcessorCount=8");
	}

	private static int maxWaiters(Map<String, Map<String, Object>> objects) {
		return at(applicationConfig(objects), "worker-gateway", "dispatch", "max-waiters");
	}

	private static String jdkJavaOptions(Map<String, Map<String, Object>> objects) {
		List<Map<String, Object>> env = at(container(objects), "env");
		return env.stream()
			.filter((var) -> "JDK_JAVA_OPTIONS".equals(var.get("name")))
			.map((var) -> (String) var.get("value"))
			.findFirst()
			.orElseThrow();
	}

	static Map<String, Object> pod(Map<String, Map<String, Object>> objects) {
		return at(objects.get("Deployment/worker-gateway"), "spec", "template", "spec");
	}

	static Map<String, Object> container(Map<String, Map<String, Object>> objects) {
		List<Map<String, Object>> containers = at(pod(objects), "containers");
		assertThat(containers).hasSize(1);
		return containers.get(0);
	}

	static Map<String, Object> applicationConfig(Map<String, Map<String, Object>> objects) {
		String yaml = at(objects.get("ConfigMap/worker-gateway"), "data", "application.yml");
		return HelmChart.yaml().load(yaml);
	}

	private static String checksum(Map<String, Map<String, Object>> objects) {
		return at(objects.get("Deployment/worker-gateway"), "spec", "template", "metadata", "annotations",
				"checksum/config");
	}

}
