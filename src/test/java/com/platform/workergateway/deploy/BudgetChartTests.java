package com.platform.workergateway.deploy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static com.platform.workergateway.deploy.HelmChart.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The chart's side of the account budget: the headless Service each replica counts the
 * replicas running from, and the optional shared store on Redis (connection, password
 * from a Secret, NetworkPolicy egress). The chart never installs Redis.
 */
class BudgetChartTests {

	@Test
	void shouldPublishEveryRunningPodOnAHeadlessServiceTheReplicasResolve() {
		Map<String, Map<String, Object>> objects = HelmChart.render();

		Map<String, Object> peers = objects.get("Service/worker-gateway-peers");
		assertThat(at(peers, "spec", "clusterIP").toString()).isEqualTo("None");
		assertThat(HelmChart.<Boolean>at(peers, "spec", "publishNotReadyAddresses")).isTrue();
		assertThat(HelmChart.<Map<String, Object>>at(peers, "spec", "selector"))
			.isEqualTo(at(objects.get("Deployment/worker-gateway"), "spec", "selector", "matchLabels"));
		assertThat(HelmChart.<String>at(applicationConfig(objects), "worker-gateway", "budget", "peers", "dns-name"))
			.isEqualTo("worker-gateway-peers.worker-gateway.svc.cluster.local");
	}

	@Test
	void shouldInstallNoRedisAndConfigureNoSharedStoreByDefault() {
		Map<String, Map<String, Object>> objects = HelmChart.render();

		assertThat(objects.keySet()).noneMatch((key) -> key.toLowerCase().contains("redis"));
		assertThat(HelmChart.<Map<String, Object>>at(applicationConfig(objects), "worker-gateway", "budget", "redis"))
			.doesNotContainKeys("url", "key-prefix");
		assertThat(egressPorts(objects)).doesNotContain(6379);
		assertThat(HelmChart.<List<Map<String, Object>>>at(container(objects), "env"))
			.noneMatch((env) -> env.get("name").toString().contains("REDIS"));
	}

	@Test
	void shouldConnectToRedisWithThePasswordFromTheSecretAndAllowOnlyItsEgress() {
		Map<String, Map<String, Object>> objects = HelmChart.render("values-shared-budget.yaml");

		assertThat(HelmChart.<Map<String, Object>>at(applicationConfig(objects), "worker-gateway", "budget", "redis"))
			.containsEntry("url", "rediss://budget.cache.example.internal:6380")
			.containsEntry("key-prefix", "dp-budget:123456789012:us-east-1")
			.doesNotContainKey("password");
		assertThat(HelmChart.<List<Map<String, Object>>>at(container(objects), "env"))
			.contains(Map.of("name", "WORKER_GATEWAY_BUDGET_REDIS_PASSWORD", "valueFrom",
					Map.of("secretKeyRef", Map.of("name", "worker-gateway-redis", "key", "password"))));
		List<Map<String, Object>> egress = at(objects.get("NetworkPolicy/worker-gateway"), "spec", "egress");
		assertThat(egress).contains(Map.of("to", List.of(Map.of("ipBlock", Map.of("cidr", "10.0.12.0/24"))), "ports",
				List.of(Map.of("port", 6380, "protocol", "TCP"))));
	}

	@Test
	void shouldRefuseARedisUrlWithoutAKeyPrefix() {
		assertThatIllegalStateException()
			.isThrownBy(
					() -> HelmChart.template(Map.of("config.worker-gateway.budget.redis.url", "redis://redis:6379")))
			.withMessageContaining("key-prefix is required");
	}

	@Test
	void shouldRefuseAPasswordInTheRedisUrl() {
		assertThatIllegalStateException()
			.isThrownBy(() -> HelmChart.template(Map.of("config.worker-gateway.budget.redis.url",
					"redis://:secret@redis:6379", "config.worker-gateway.budget.redis.key-prefix", "a:b")))
			.withMessageContaining("url");
	}

	private static Map<String, Object> applicationConfig(Map<String, Map<String, Object>> objects) {
		return HelmChart.yaml()
			.load(HelmChart.<String>at(objects.get("ConfigMap/worker-gateway"), "data", "application.yml"));
	}

	private static Map<String, Object> container(Map<String, Map<String, Object>> objects) {
		return at(objects.get("Deployment/worker-gateway"), "spec", "template", "spec", "containers", 0);
	}

	private static List<Object> egressPorts(Map<String, Map<String, Object>> objects) {
		List<Map<String, Object>> egress = at(objects.get("NetworkPolicy/worker-gateway"), "spec", "egress");
		return egress.stream()
			.flatMap((rule) -> HelmChart.<List<Map<String, Object>>>at(rule, "ports").stream())
			.map((port) -> port.get("port"))
			.toList();
	}

}
