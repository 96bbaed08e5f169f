package com.platform.workergateway.deploy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Proves that {@link KubernetesSchema} catches what it is used for: a schema check that
 * cannot fail would prove nothing about the chart and {@code k8s/}.
 */
class KubernetesSchemaTests {

	@Test
	void shouldRejectAnUnknownField() {
		Map<String, Map<String, Object>> objects = HelmChart.render();
		Map<String, Object> probe = HelmChart.at(DeploymentTemplateTests.container(objects), "readinessProbe");
		probe.put("httpGett", Map.of("path", "/actuator/health/readiness", "port", "management"));

		assertThatIllegalArgumentException()
			.isThrownBy(() -> KubernetesSchema.validate(objects.get("Deployment/worker-gateway")))
			.withMessageContaining("httpGett");
	}

	@Test
	void shouldRejectAMissingRequiredField() {
		Map<String, Map<String, Object>> objects = HelmChart.render();
		List<Map<String, Object>> ports = HelmChart.at(objects.get("Service/worker-gateway"), "spec", "ports");
		ports.get(0).remove("port");

		assertThatIllegalArgumentException()
			.isThrownBy(() -> KubernetesSchema.validate(objects.get("Service/worker-gateway")))
			.withMessageContaining("port");
	}

	@Test
	void shouldRejectAnUnknownKind() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> KubernetesSchema.validate(Map.of("apiVersion", "v1", "kind", "Endpoints")))
			.withMessageContaining("No schema for v1/Endpoints");
	}

}
