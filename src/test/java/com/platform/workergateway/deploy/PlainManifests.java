package com.platform.workergateway.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The plain manifests in {@code k8s/}: the chart rendered with default values, release
 * name and namespace {@code worker-gateway}, minus what only Helm needs.
 */
final class PlainManifests {

	static final Path DIRECTORY = Path.of("k8s");

	/** Labels that only make sense for a Helm release; left out of {@code k8s/}. */
	static final Set<String> HELM_LABELS = Set.of("helm.sh/chart", "app.kubernetes.io/managed-by");

	/**
	 * Pod annotations that only Helm keeps current; left out of {@code k8s/} (there, roll
	 * the pods with {@code kubectl rollout restart} after editing the ConfigMap).
	 */
	static final Set<String> HELM_ANNOTATIONS = Set.of("checksum/config");

	static final String HEADER = """
			# Generated from helm/worker-gateway with default values (release and namespace "worker-gateway").
			# Do not edit by hand: change the chart, then regenerate with
			#   ./mvnw -B -q test -Dtest=PlainManifestsTests -Dk8s.regenerate=true
			""";

	private PlainManifests() {
	}

	/**
	 * @return the chart's default rendering, stripped of Helm-only metadata, by
	 * {@code Kind/name}
	 */
	static Map<String, Map<String, Object>> expected() {
		Map<String, Map<String, Object>> objects = HelmChart.render();
		// Hooks (the `helm test` pod) run only through Helm.
		objects.values().removeIf(PlainManifests::isHook);
		objects.values().forEach(PlainManifests::stripHelmMetadata);
		return objects;
	}

	/**
	 * The objects of every manifest in {@code k8s/}.
	 * @return objects by {@code Kind/name}
	 * @throws IOException when {@code k8s/} cannot be read
	 */
	static Map<String, Map<String, Object>> actual() throws IOException {
		Map<String, Map<String, Object>> objects = new LinkedHashMap<>();
		for (Path file : manifestFiles()) {
			HelmChart.objects(Files.readString(file)).forEach((key, object) -> {
				if (objects.put(key, object) != null) {
					throw new IllegalStateException("Duplicate object " + key + " in " + file);
				}
			});
		}
		return objects;
	}

	/**
	 * The manifest files in {@code k8s/}, the kustomization excluded.
	 * @return sorted paths
	 * @throws IOException when {@code k8s/} cannot be read
	 */
	static List<Path> manifestFiles() throws IOException {
		try (var files = Files.list(DIRECTORY)) {
			return files.filter((file) -> file.toString().endsWith(".yaml"))
				.filter((file) -> !file.getFileName().toString().equals("kustomization.yaml"))
				.sorted()
				.toList();
		}
	}

	/**
	 * {@code <kind>.yaml}, or {@code <kind>-<suffix>.yaml} for a second object of a kind
	 * named {@code worker-gateway-<suffix>}.
	 */
	@SuppressWarnings("unchecked")
	static String fileName(Map<String, Object> object) {
		String kind = object.get("kind").toString().toLowerCase(Locale.ROOT);
		String name = ((Map<String, Object>) object.get("metadata")).get("name").toString();
		String suffix = name.equals(HelmChart.RELEASE) ? "" : "-"
				+ (name.startsWith(HelmChart.RELEASE + "-") ? name.substring(HelmChart.RELEASE.length() + 1) : name);
		return kind + suffix + ".yaml";
	}

	/** Write {@code k8s/} from the chart: one file per object. */
	static void regenerate() throws IOException {
		for (Path file : manifestFiles()) {
			Files.delete(file);
		}
		List<String> names = new ArrayList<>();
		for (Map<String, Object> object : expected().values()) {
			String name = fileName(object);
			Files.writeString(DIRECTORY.resolve(name), HEADER + dumper().dump(object));
			names.add(name);
		}
		StringBuilder kustomization = new StringBuilder(HEADER.replace("Generated from", "Resources generated from"))
			.append("apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: ")
			.append(HelmChart.NAMESPACE)
			.append("\nresources:\n");
		names.stream().sorted().forEach((name) -> kustomization.append("  - ").append(name).append('\n'));
		Files.writeString(DIRECTORY.resolve("kustomization.yaml"), kustomization);
	}

	static boolean isHook(Map<String, Object> object) {
		return object.get("metadata") instanceof Map<?, ?> metadata
				&& metadata.get("annotations") instanceof Map<?, ?> annotations
				&& annotations.containsKey("helm.sh/hook");
	}

	@SuppressWarnings("unchecked")
	private static void stripHelmMetadata(Map<String, Object> object) {
		Map<String, Object> metadata = (Map<String, Object>) object.get("metadata");
		strip(metadata);
		if (object.get("spec") instanceof Map<?, ?> spec && spec.get("template") instanceof Map<?, ?> template) {
			strip((Map<String, Object>) template.get("metadata"));
		}
	}

	@SuppressWarnings("unchecked")
	private static void strip(Map<String, Object> metadata) {
		if (metadata.get("labels") instanceof Map<?, ?> labels) {
			labels.keySet().removeAll(HELM_LABELS);
		}
		if (metadata.get("annotations") instanceof Map<?, ?> annotations) {
			annotations.keySet().removeAll(HELM_ANNOTATIONS);
			if (annotations.isEmpty()) {
				metadata.remove("annotations");
			}
		}
	}

	private static Yaml dumper() {
		DumperOptions options = new DumperOptions();
		options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
		options.setIndent(2);
		options.setIndicatorIndent(2);
		options.setIndentWithIndicator(true);
		options.setSplitLines(false);
		return new Yaml(options);
	}

}
