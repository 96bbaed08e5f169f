package com.platform.workergateway.deploy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1Ingress;
import io.kubernetes.client.openapi.models.V1NetworkPolicy;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodDisruptionBudget;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServiceAccount;
import io.kubernetes.client.openapi.models.V2HorizontalPodAutoscaler;

/**
 * Strict validation of a manifest against the Kubernetes API models of client-java-api:
 * unknown fields and missing required fields fail (field types of numbers are not checked
 * by the models; the chart tests assert those that matter).
 */
final class KubernetesSchema {

	private static final Gson GSON = new Gson();

	private KubernetesSchema() {
	}

	/**
	 * Validate one object.
	 * @param object the parsed manifest
	 * @throws IllegalArgumentException when the object breaks the schema
	 * @throws java.io.IOException never in practice (declared by the generated models)
	 */
	static void validate(Map<String, Object> object) throws java.io.IOException {
		String type = object.get("apiVersion") + "/" + object.get("kind");
		JsonElement json = GSON.toJsonTree(object);
		switch (type) {
			case "apps/v1/Deployment" -> V1Deployment.validateJsonElement(json);
			case "v1/Service" -> V1Service.validateJsonElement(json);
			case "v1/ServiceAccount" -> V1ServiceAccount.validateJsonElement(json);
			case "v1/Pod" -> V1Pod.validateJsonElement(json);
			case "v1/ConfigMap" -> V1ConfigMap.validateJsonElement(json);
			case "v1/Secret" -> V1Secret.validateJsonElement(json);
			case "policy/v1/PodDisruptionBudget" -> V1PodDisruptionBudget.validateJsonElement(json);
			case "autoscaling/v2/HorizontalPodAutoscaler" -> V2HorizontalPodAutoscaler.validateJsonElement(json);
			case "networking.k8s.io/v1/NetworkPolicy" -> V1NetworkPolicy.validateJsonElement(json);
			case "networking.k8s.io/v1/Ingress" -> V1Ingress.validateJsonElement(json);
			case "monitoring.coreos.com/v1/ServiceMonitor" -> validateServiceMonitor(object);
			case "keda.sh/v1alpha1/ScaledObject" -> validateScaledObject(object);
			case "monitoring.coreos.com/v1/PrometheusRule" -> validatePrometheusRule(object);
			default -> throw new IllegalArgumentException("No schema for " + type);
		}
	}

	private static void requireOnly(Map<String, Object> node, String... allowed) {
		Set<String> unknown = new TreeSet<>(node.keySet());
		unknown.removeAll(Set.of(allowed));
		if (!unknown.isEmpty()) {
			throw new IllegalArgumentException("Unknown fields " + unknown + " in " + node);
		}
	}

	/**
	 * KEDA's CRD is not in client-java-api: check the fields of its {@code ScaledObject}
	 * schema (keda.sh/v1alpha1) that the chart renders, the required ones, and that the
	 * behaviour block is a valid HPA behaviour.
	 */
	private static void validateScaledObject(Map<String, Object> object) throws java.io.IOException {
		requireOnly(object, "apiVersion", "kind", "metadata", "spec");
		Map<String, Object> spec = HelmChart.at(object, "spec");
		requireOnly(spec, "scaleTargetRef", "minReplicaCount", "maxReplicaCount", "advanced", "triggers",
				"pollingInterval", "cooldownPeriod", "idleReplicaCount", "fallback", "initialCooldownPeriod");
		requireOnly(HelmChart.at(spec, "scaleTargetRef"), "apiVersion", "kind", "name", "envSourceContainerName");
		requireType(spec, "minReplicaCount", Integer.class);
		requireType(spec, "maxReplicaCount", Integer.class);
		Map<String, Object> advanced = HelmChart.at(spec, "advanced");
		requireOnly(advanced, "horizontalPodAutoscalerConfig", "restoreToOriginalReplicaCount", "scalingModifiers");
		Map<String, Object> hpaConfig = HelmChart.at(advanced, "horizontalPodAutoscalerConfig");
		requireOnly(hpaConfig, "behavior", "name");
		io.kubernetes.client.openapi.models.V2HorizontalPodAutoscalerBehavior
			.validateJsonElement(GSON.toJsonTree(hpaConfig.get("behavior")));
		List<Map<String, Object>> triggers = HelmChart.at(spec, "triggers");
		if (triggers.isEmpty()) {
			throw new IllegalArgumentException("ScaledObject without triggers");
		}
		for (Map<String, Object> trigger : triggers) {
			requireOnly(trigger, "type", "metadata", "name", "metricType", "authenticationRef", "useCachedMetrics");
			Map<String, Object> metadata = HelmChart.at(trigger, "metadata");
			if ("prometheus".equals(trigger.get("type"))) {
				for (String required : List.of("serverAddress", "query", "threshold")) {
					requireType(metadata, required, String.class);
				}
			}
			// KEDA's trigger metadata is a map of strings.
			metadata.forEach((key, value) -> {
				if (!(value instanceof String)) {
					throw new IllegalArgumentException("Trigger metadata " + key + " is not a string: " + value);
				}
			});
		}
	}

	private static void requireType(Map<String, Object> node, String field, Class<?> type) {
		if (!type.isInstance(node.get(field))) {
			throw new IllegalArgumentException(field + " must be a " + type.getSimpleName() + " in " + node);
		}
	}

	/**
	 * The Prometheus Operator's CRD is not in client-java-api: check the fields the
	 * operator requires and the ones we rely on.
	 */
	private static void validateServiceMonitor(Map<String, Object> object) {
		requireOnly(object, "apiVersion", "kind", "metadata", "spec");
		Map<String, Object> spec = HelmChart.at(object, "spec");
		requireOnly(spec, "selector", "endpoints", "namespaceSelector", "jobLabel");
		if (HelmChart.<Map<String, Object>>at(spec, "selector", "matchLabels").isEmpty()) {
			throw new IllegalArgumentException("ServiceMonitor selects every Service");
		}
		for (Map<String, Object> endpoint : HelmChart.<List<Map<String, Object>>>at(spec, "endpoints")) {
			requireOnly(endpoint, "port", "path", "interval", "scrapeTimeout", "scheme", "honorLabels");
		}
	}

	/**
	 * The PrometheusRule CRD is not in client-java-api either: its groups and rules have
	 * the fields of a Prometheus rule file, and every alert a runbook.
	 */
	private static void validatePrometheusRule(Map<String, Object> object) {
		requireOnly(object, "apiVersion", "kind", "metadata", "spec");
		requireOnly(HelmChart.at(object, "spec"), "groups");
		for (Map<String, Object> group : HelmChart.<List<Map<String, Object>>>at(object, "spec", "groups")) {
			requireOnly(group, "name", "interval", "rules");
			for (Map<String, Object> rule : HelmChart.<List<Map<String, Object>>>at(group, "rules")) {
				requireOnly(rule, "alert", "record", "expr", "for", "labels", "annotations");
				if (!(rule.get("expr") instanceof String) || !(rule.get("alert") instanceof String)) {
					throw new IllegalArgumentException("Rule without alert or expr: " + rule);
				}
				if (!(HelmChart.<Map<String, Object>>at(rule, "annotations").get("runbook_url") instanceof String)) {
					throw new IllegalArgumentException("Alert without runbook_url: " + rule);
				}
			}
		}
	}

}
