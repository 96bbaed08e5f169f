package com.platform.workergateway.deploy;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * {@code values.schema.json} refuses wrong values at install time (Helm validates values
 * against it on install, upgrade, template and lint).
 */
class ValuesSchemaTests {

	@Test
	void shouldRefuseAReplicaCountThatIsNotAnInteger() {
		assertRefused(Map.of("replicaCount", "two"), "replicaCount");
	}

	@Test
	void shouldRefuseAnUnknownTopLevelKey() {
		assertRefused(Map.of("replicas", 3), "replicas");
	}

	@Test
	void shouldRefuseANegativePort() {
		assertRefused(Map.of("config.server.port", -8080), "port");
		assertRefused(Map.of("service.managementPort", -1), "managementPort");
	}

	@Test
	void shouldRefuseADurationSpringCannotBindOrTheChartCannotCompute() {
		assertRefused(Map.of("config.worker-gateway.poll.max-wait", "one minute"), "max-wait");
		assertRefused(Map.of("config.worker-gateway.upstream.poll-response-timeout", "PT95S"), "poll-response-timeout");
	}

	@Test
	void shouldRefuseAMisspelledGatewayProperty() {
		assertRefused(Map.of("config.worker-gateway.poll.max-wiat", "60s"), "max-wiat");
	}

	@Test
	void shouldRefuseStaticAwsCredentialsInValues() {
		assertRefused(Map.of("config.worker-gateway.upstream.static-credentials.access-key-id", "AKIAEXAMPLE"),
				"static-credentials");
	}

	@Test
	void shouldRefuseWeakeningTheSecurityContext() {
		assertRefused(Map.of("securityContext.runAsNonRoot", false), "runAsNonRoot");
		assertRefused(Map.of("securityContext.readOnlyRootFilesystem", false), "readOnlyRootFilesystem");
		assertRefused(Map.of("securityContext.allowPrivilegeEscalation", true), "allowPrivilegeEscalation");
	}

	@Test
	void shouldRefuseAnIngressMarginThatReachesTheWorkerClientTimeout() {
		assertRefused(Map.of("ingress.readTimeoutMarginSeconds", 10), "readTimeoutMarginSeconds");
	}

	@Test
	void shouldRefuseAnUnknownImagePullPolicy() {
		assertRefused(Map.of("image.pullPolicy", "Sometimes"), "pullPolicy");
	}

	@Test
	void shouldAcceptNewApplicationPropertiesOutsideTheModelledGatewaySections() {
		assertThatNoException()
			.isThrownBy(() -> HelmChart.template(Map.of("config.management.endpoint.health.show-details", "never")));
	}

	private static void assertRefused(Map<String, Object> sets, String property) {
		assertThatIllegalStateException().isThrownBy(() -> HelmChart.template(sets))
			.withMessageContaining("values don't meet the specifications of the schema")
			.withMessageContaining(property);
	}

}
