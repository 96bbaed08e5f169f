package com.platform.workergateway.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.marcnuri.helm.Helm;
import org.jspecify.annotations.Nullable;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The chart under {@code helm/worker-gateway}, linted and rendered with the embedded Helm
 * of helm-java (offline, no {@code helm} binary needed).
 */
final class HelmChart {

	static final Path CHART = Path.of("helm", "worker-gateway");

	/**
	 * Release name and namespace of the reference rendering that {@code k8s/} mirrors.
	 */
	static final String RELEASE = "worker-gateway";

	static final String NAMESPACE = "worker-gateway";

	/**
	 * The Kubernetes version we render for: the chart's minimum (native preStop sleep).
	 */
	static final String KUBE_VERSION = "1.30.0";

	private static final String HOOK = "helm.sh/hook";

	private static final String VISIBLE_HOOK = "worker-gateway.test/hook";

	private static @Nullable Path visibleHooks;

	private static final Path VALUES_DIR = Path.of("src", "test", "resources", "deploy");

	private HelmChart() {
	}

	static LintResult lintStrict() {
		return new Helm(CHART).lint().strict().call();
	}

	/**
	 * Render the chart.
	 * @param valuesFiles names of values files under {@code src/test/resources/deploy}
	 * @return the rendered manifest
	 */
	static String template(String... valuesFiles) {
		return template(Map.of(), valuesFiles);
	}

	/**
	 * Render the chart.
	 * @param sets {@code --set} overrides
	 * @param valuesFiles names of values files under {@code src/test/resources/deploy}
	 * @return the rendered manifest
	 */
	static String template(Map<String, Object> sets, String... valuesFiles) {
		TemplateCommand command = new Helm(withVisibleHooks()).template()
			.withName(RELEASE)
			.withNamespace(NAMESPACE)
			.withKubeVersion(KUBE_VERSION);
		for (String file : valuesFiles) {
			command = command.withValuesFile(VALUES_DIR.resolve(file));
		}
		for (Map.Entry<String, Object> set : sets.entrySet()) {
			command = command.set(set.getKey(), set.getValue());
		}
		return command.call();
	}

	/**
	 * Helm's template action leaves hooks (the {@code helm test} pod) out of the
	 * manifest. This copy of the chart carries their hook annotations under another name,
	 * so that they render with everything else; {@link #objects} gives them their real
	 * name back.
	 */
	private static synchronized Path withVisibleHooks() {
		if (visibleHooks != null) {
			return visibleHooks;
		}
		try {
			Path copy = Files.createTempDirectory("worker-gateway-chart");
			try (Stream<Path> files = Files.walk(CHART)) {
				for (Path file : files.toList()) {
					Path target = copy.resolve(CHART.relativize(file).toString());
					if (Files.isDirectory(file)) {
						Files.createDirectories(target);
					}
					else {
						Files.writeString(target, Files.readString(file).replace(HOOK, VISIBLE_HOOK));
					}
				}
			}
			visibleHooks = copy;
			return copy;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Render the chart for a release as {@code helm install --dry-run} does (client
	 * only), NOTES.txt included.
	 * @param release release name
	 * @param namespace namespace
	 * @param sets {@code --set} overrides
	 * @param valuesFiles values files (paths)
	 * @return the release's output: manifest, hooks and notes
	 */
	static String install(String release, String namespace, Map<String, Object> sets, List<Path> valuesFiles) {
		com.marcnuri.helm.InstallCommand command = new Helm(CHART).install()
			.clientOnly()
			.dryRun()
			.withName(release)
			.withNamespace(namespace)
			.withKubeVersion(KUBE_VERSION);
		for (Path file : valuesFiles) {
			command = command.withValuesFile(file);
		}
		for (Map.Entry<String, Object> set : sets.entrySet()) {
			command = command.set(set.getKey(), set.getValue());
		}
		return command.call().getOutput();
	}

	/**
	 * Render the chart and parse every object, keyed by {@code Kind/name}.
	 * @param valuesFiles names of values files under {@code src/test/resources/deploy}
	 * @return rendered objects in rendering order
	 */
	static Map<String, Map<String, Object>> render(String... valuesFiles) {
		return objects(template(valuesFiles));
	}

	/**
	 * Parse a multi-document YAML stream into objects keyed by {@code Kind/name}.
	 * @param yaml the stream
	 * @return objects in document order
	 */
	@SuppressWarnings("unchecked")
	static Map<String, Map<String, Object>> objects(String yaml) {
		Map<String, Map<String, Object>> objects = new LinkedHashMap<>();
		for (Object document : yaml().loadAll(yaml)) {
			if (document == null) {
				continue;
			}
			Map<String, Object> object = (Map<String, Object>) document;
			if (((Map<String, Object>) object.get("metadata")).get("annotations") instanceof Map<?, ?> annotations) {
				Map<String, Object> renamed = new LinkedHashMap<>();
				annotations.forEach((key, value) -> renamed.put(key.toString().replace(VISIBLE_HOOK, HOOK), value));
				((Map<String, Object>) object.get("metadata")).put("annotations", renamed);
			}
			String key = object.get("kind") + "/" + ((Map<String, Object>) object.get("metadata")).get("name");
			if (objects.put(key, object) != null) {
				throw new IllegalStateException("Duplicate object " + key);
			}
		}
		return objects;
	}

	static String valuesYaml() {
		try {
			return java.nio.file.Files.readString(CHART.resolve("values.yaml"));
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	static Yaml yaml() {
		return new Yaml(new SafeConstructor(new LoaderOptions()));
	}

	/**
	 * Walk a parsed object along a path of map keys and list indexes.
	 * @param <T> the expected type
	 * @param node the root
	 * @param path keys ({@code String}) and indexes ({@code Integer})
	 * @return the node at the end of the path
	 */
	@SuppressWarnings("unchecked")
	static <T> T at(Object node, Object... path) {
		Object current = node;
		List<Object> walked = new ArrayList<>();
		for (Object step : path) {
			walked.add(step);
			if (step instanceof Integer index && current instanceof List<?> list) {
				current = list.get(index);
			}
			else if (current instanceof Map<?, ?> map) {
				current = map.get(step);
			}
			else {
				throw new IllegalArgumentException("Cannot walk " + walked + " in " + node);
			}
			if (current == null) {
				throw new IllegalArgumentException("Nothing at " + walked);
			}
		}
		return (T) current;
	}

}
