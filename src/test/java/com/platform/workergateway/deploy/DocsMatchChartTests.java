package com.platform.workergateway.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every name a user types from the docs (Secret names and keys, file paths, {@code --set}
 * keys, ports, URL paths, the emulator's dev token) is checked against the chart as
 * rendered for the value set that the same doc installs with. The expectations come from
 * the docs' own code blocks and prose, never from copies in this test: a doc and the
 * chart cannot drift apart unnoticed.
 */
class DocsMatchChartTests {

	private static final List<Path> DOCS = List.of(Path.of("docs", "deploy.md"), Path.of("docs", "security.md"),
			Path.of("docs", "operations.md"), Path.of("README.md"), HelmChart.CHART.resolve("README.md"));

	private static final Set<String> SHELL = Set.of("sh", "bash", "shell", "console");

	/** A value that points the chart at an existing Secret, in code or prose. */
	private static final Pattern EXISTING_SECRET = Pattern.compile("([A-Za-z0-9_.-]+\\.existingSecret)=([a-z0-9.-]+)");

	private static final Pattern ABSOLUTE_PATH = Pattern
		.compile("(?<![\\w.:/-])/etc/[A-Za-z0-9_.<>*-]+(?:/[A-Za-z0-9_.<>*-]*)*");

	private static final Pattern LOCAL_URL = Pattern
		.compile("^(?:https?://)?(?:localhost|127\\.0\\.0\\.1):(\\d+)(/[^?#\\s]*)?");

	/** An application setting as a container environment variable, in a doc's YAML. */
	private static final Pattern ENV_VAR = Pattern.compile("name: (WORKER_GATEWAY_[A-Z0-9_]+), value: ([^}\\s,]+)");

	private static final Pattern BEARER = Pattern.compile("^Authorization:\\s*Bearer\\s+(\\S+)$");

	/** An elided digest in a doc ({@code sha256:…}) stands for any valid one. */
	private static final String ANY_DIGEST = "sha256:" + "0".repeat(64);

	private final List<String> failures = new ArrayList<>();

	private final Map<String, Map<String, Map<String, Object>>> renderings = new HashMap<>();

	private final Map<String, Integer> counts = new LinkedHashMap<>();

	@Test
	void everyNameInTheDocsMatchesTheRenderedChart() {
		List<Doc> docs = new ArrayList<>();
		for (Path path : DOCS) {
			if (Files.exists(path)) {
				docs.add(Doc.read(path));
			}
		}
		List<HelmRun> allRuns = new ArrayList<>();
		for (Doc doc : docs) {
			allRuns.addAll(helmRuns(doc));
		}
		// NOTES.txt, as Helm prints it after an install with each value set the docs use.
		Map<String, HelmRun> noteSets = new LinkedHashMap<>();
		noteSets.put("{}", new HelmRun(null, HelmChart.RELEASE, HelmChart.NAMESPACE, new LinkedHashMap<>()));
		allRuns.forEach((run) -> noteSets.putIfAbsent(run.release + run.sets, run));
		for (HelmRun run : noteSets.values()) {
			try {
				docs.add(notes(run));
			}
			catch (RuntimeException ex) {
				// Reported once, with the doc's line, when the doc's own rendering fails.
			}
		}
		for (Doc doc : docs) {
			check(doc);
		}
		checkPaths(docs, allRuns);
		checkEnvironment(docs, allRuns);
		checkApplicationYaml(docs);
		assertThat(this.counts).as("what the docs gave to check")
			.containsKeys("secret", "path", "set", "curl", "env", "application-yaml");
		assertThat(this.failures).as("docs that drifted from the chart (checked %s)", this.counts).isEmpty();
	}

	// ---- one doc

	private void check(Doc doc) {
		List<HelmRun> runs = helmRuns(doc);
		List<HelmRun> contexts = (doc.installedWith != null) ? List.of(doc.installedWith)
				: runs.isEmpty() ? contextsWithoutInstall() : runs;
		Map<Integer, Integer> portForwards = new HashMap<>();
		for (Command command : doc.commands()) {
			count("command");
			List<String> args = command.args;
			if (args.get(0).equals("helm") && !runs.isEmpty()) {
				checkSets(doc, command);
			}
			else if (args.get(0).equals("kubectl")) {
				kubectl(doc, command, contexts, portForwards);
			}
		}
		for (Command command : doc.commands()) {
			if (command.args.get(0).equals("curl")) {
				curl(doc, command, contexts, portForwards);
			}
		}
		for (HelmRun run : runs) {
			render(doc, run);
		}
	}

	private List<HelmRun> contextsWithoutInstall() {
		// A doc that installs nothing (a local run) talks to the gateway in either mode.
		Map<String, Object> emulator = new LinkedHashMap<>();
		emulator.put("emulator.enabled", "true");
		return List.of(new HelmRun(null, HelmChart.RELEASE, HelmChart.NAMESPACE, new LinkedHashMap<>()),
				new HelmRun(null, HelmChart.RELEASE, HelmChart.NAMESPACE, emulator));
	}

	private void checkSets(Doc doc, Command command) {
		Map<String, Object> schema = HelmChart.yaml().load(read(HelmChart.CHART.resolve("values.schema.json")));
		for (int i = 0; i < command.args.size() - 1; i++) {
			if (command.args.get(i).equals("--set")) {
				count("set");
				String key = command.args.get(i + 1).split("=", 2)[0];
				if (!knownKey(schema, key)) {
					fail(doc, command, "--set " + key + ": no such key in values.schema.json");
				}
			}
		}
	}

	@SuppressWarnings("unchecked")
	private static boolean knownKey(Map<String, Object> schema, String key) {
		Map<String, Object> node = schema;
		for (String segment : key.split("\\.")) {
			Map<String, Object> properties = (Map<String, Object>) node.get("properties");
			if (properties != null && properties.get(segment) instanceof Map<?, ?> next) {
				node = (Map<String, Object>) next;
				continue;
			}
			Object additional = node.get("additionalProperties");
			if (additional instanceof Map<?, ?> next) {
				node = (Map<String, Object>) next;
				continue;
			}
			// A free-form map (config: Spring properties) takes any key below it.
			return Boolean.TRUE.equals(additional) || (additional == null && properties == null);
		}
		return true;
	}

	private void kubectl(Doc doc, Command command, List<HelmRun> contexts, Map<Integer, Integer> portForwards) {
		List<String> args = withoutNamespace(command.args);
		int generic = args.indexOf("generic");
		if (args.contains("create") && args.contains("secret") && generic > 0) {
			count("secret");
			checkSecret(doc, command, contexts, args.get(generic + 1), secretKeys(args));
		}
		int forward = args.indexOf("port-forward");
		if (forward > 0) {
			count("port-forward");
			String target = args.get(forward + 1);
			List<Map<String, Object>> services = objectsNamed(doc, contexts, "Service",
					target.replaceFirst("^(svc|service)/", ""));
			if (services.isEmpty()) {
				fail(doc, command, "no Service " + target + " in the rendered chart");
				return;
			}
			for (String mapping : args.subList(forward + 2, args.size())) {
				String[] ports = mapping.split(":");
				int remote = Integer.parseInt(ports[ports.length - 1]);
				portForwards.put(Integer.parseInt(ports[0]), remote);
				if (services.stream().noneMatch((service) -> servicePorts(service).containsKey(remote))) {
					fail(doc, command, target + " has no port " + remote + " (rendered: "
							+ servicePorts(services.get(0)).keySet() + ")");
				}
			}
		}
		int rollout = args.indexOf("rollout");
		if (rollout > 0) {
			count("rollout");
			String target = args.get(args.size() - 1);
			if (objectsNamed(doc, contexts, "Deployment", target.replaceFirst("^(deploy|deployment)/", "")).isEmpty()) {
				fail(doc, command, "no Deployment " + target + " in the rendered chart");
			}
		}
	}

	private static List<String> withoutNamespace(List<String> args) {
		List<String> rest = new ArrayList<>();
		for (int i = 0; i < args.size(); i++) {
			if (args.get(i).equals("-n") || args.get(i).equals("--namespace")) {
				i++;
			}
			else {
				rest.add(args.get(i));
			}
		}
		return rest;
	}

	private static Set<String> secretKeys(List<String> args) {
		Set<String> keys = new LinkedHashSet<>();
		for (String arg : args) {
			if (arg.startsWith("--from-literal=") || arg.startsWith("--from-file=")) {
				String source = arg.substring(arg.indexOf('=') + 1);
				keys.add(source.contains("=") ? source.substring(0, source.indexOf('='))
						: Path.of(source).getFileName().toString());
			}
		}
		return keys;
	}

	@SuppressWarnings("unchecked")
	private void checkSecret(Doc doc, Command command, List<HelmRun> contexts, String name, Set<String> keys) {
		Set<String> pointers = pointers(doc.text(), name);
		if (pointers.isEmpty()) {
			// A doc may rework a Secret that another doc wired up (rotation in
			// security.md).
			DOCS.stream().filter(Files::exists).forEach((other) -> pointers.addAll(pointers(read(other), name)));
		}
		if (pointers.isEmpty()) {
			fail(doc, command, "Secret " + name + " is created but no doc sets a chart value *.existingSecret=" + name);
			return;
		}
		for (String pointer : pointers) {
			HelmRun base = contexts.stream()
				.filter((run) -> name.equals(run.sets.get(pointer)))
				.findFirst()
				.orElse(contexts.get(0));
			Map<String, Object> sets = new LinkedHashMap<>(base.sets);
			sets.put(pointer, name);
			Map<String, Map<String, Object>> objects = render(doc,
					new HelmRun(command, base.release, base.namespace, sets));
			if (objects == null) {
				continue;
			}
			Set<String> used = new LinkedHashSet<>();
			boolean referenced = false;
			for (Map<String, Object> deployment : ofKind(objects, "Deployment")) {
				Map<String, Object> pod = HelmChart.at(deployment, "spec", "template", "spec");
				for (Map<String, Object> volume : list(pod.get("volumes"))) {
					if (volume.get("secret") instanceof Map<?, ?> secret && name.equals(secret.get("secretName"))) {
						referenced = true;
						if (secret.get("items") == null) {
							used.addAll(keys);
						}
						list(secret.get("items")).forEach((item) -> used.add((String) item.get("key")));
					}
				}
				for (Map<String, Object> container : list(pod.get("containers"))) {
					for (Map<String, Object> env : list(container.get("env"))) {
						if (env.get("valueFrom") instanceof Map<?, ?> from
								&& from.get("secretKeyRef") instanceof Map<?, ?> ref && name.equals(ref.get("name"))) {
							referenced = true;
							used.add((String) ref.get("key"));
						}
					}
				}
			}
			if (!referenced) {
				fail(doc, command,
						"with " + pointer + "=" + name + " the rendered Deployment references no Secret " + name);
			}
			else if (!used.containsAll(keys)) {
				fail(doc, command, "Secret " + name + " is created with key(s) " + keys
						+ " but the rendered Deployment (with " + pointer + "=" + name + ") uses key(s) " + used);
			}
		}
	}

	private static Set<String> pointers(String text, String name) {
		Set<String> pointers = new LinkedHashSet<>();
		Matcher matcher = EXISTING_SECRET.matcher(text);
		while (matcher.find()) {
			if (matcher.group(2).replaceAll("\\.+$", "").equals(name)) {
				pointers.add(matcher.group(1));
			}
		}
		return pointers;
	}

	private void curl(Doc doc, Command command, List<HelmRun> contexts, Map<Integer, Integer> portForwards) {
		for (int i = 1; i < command.args.size(); i++) {
			String arg = command.args.get(i);
			Matcher bearer = BEARER.matcher(arg);
			if (bearer.matches() && !bearer.group(1).startsWith("$")) {
				count("bearer");
				String devToken = String.valueOf(values(contexts.get(0).sets, "emulator.devToken"));
				if (!bearer.group(1).equals(devToken)) {
					fail(doc, command, "Bearer " + bearer.group(1) + " is not emulator.devToken (" + devToken + ")");
				}
			}
			Matcher url = LOCAL_URL.matcher(arg);
			if (url.find()) {
				count("curl");
				int local = Integer.parseInt(url.group(1));
				int port = portForwards.getOrDefault(local, local);
				String path = (url.group(2) != null) ? url.group(2) : "/";
				checkUrl(doc, command, contexts, port, path);
			}
		}
	}

	private void checkUrl(Doc doc, Command command, List<HelmRun> contexts, int port, String path) {
		String portName = null;
		Map<String, Map<String, Object>> objects = null;
		for (HelmRun run : contexts) {
			Map<String, Map<String, Object>> rendered = render(doc, run);
			if (rendered == null) {
				continue;
			}
			objects = rendered;
			for (Map<String, Object> service : ofKind(objects, "Service")) {
				portName = (portName != null) ? portName : servicePorts(service).get(port);
			}
			if (portName != null) {
				break;
			}
		}
		if (portName == null) {
			fail(doc, command, "port " + port + " is no Service port of the rendered chart");
			return;
		}
		boolean known = switch (portName) {
			case "http" -> read(Path.of("docs", "openapi.json")).contains("\"" + path + "\"");
			case "management" -> actuatorPath(objects, path);
			default -> mainSourcesMention(path);
		};
		if (!known) {
			fail(doc, command, "no " + path + " on the " + portName + " port (" + port + ")");
		}
	}

	@SuppressWarnings("unchecked")
	private boolean actuatorPath(Map<String, Map<String, Object>> objects, String path) {
		Set<String> probes = new LinkedHashSet<>();
		for (Map<String, Object> deployment : ofKind(objects, "Deployment")) {
			for (Map<String, Object> container : list(
					HelmChart.at(deployment, "spec", "template", "spec", "containers"))) {
				for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
					if (container.get(probe) instanceof Map<?, ?> p && p.get("httpGet") instanceof Map<?, ?> get) {
						probes.add((String) get.get("path"));
					}
				}
			}
		}
		if (probes.contains(path)) {
			return true;
		}
		Map<String, Object> app = HelmChart.yaml().load(read(Path.of("src", "main", "resources", "application.yml")));
		String exposed = HelmChart.at(app, "management", "endpoints", "web", "exposure", "include");
		String endpoint = path.replaceFirst("^/actuator/", "").split("/")[0];
		return path.startsWith("/actuator/") && Set.of(exposed.split(",")).contains(endpoint)
				&& !endpoint.equals("health");
	}

	private static boolean mainSourcesMention(String path) {
		try (Stream<Path> files = Files.walk(Path.of("src", "main", "java"))) {
			return files.filter((file) -> file.toString().endsWith(".java"))
				.anyMatch((file) -> read(file).contains("\"" + path + "\""));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	// ---- absolute paths under the chart's mount roots, in prose and code alike

	@SuppressWarnings("unchecked")
	private void checkPaths(List<Doc> docs, List<HelmRun> runs) {
		List<Map<String, Map<String, Object>>> all = new ArrayList<>();
		all.add(render(docs.get(0), new HelmRun(null, HelmChart.RELEASE, HelmChart.NAMESPACE, new LinkedHashMap<>())));
		for (HelmRun run : runs) {
			all.add(render(docs.get(0), run));
		}
		// Every mounted file: mount path + projected item (or ConfigMap key).
		Set<String> mounts = new LinkedHashSet<>();
		Set<String> files = new LinkedHashSet<>();
		for (Map<String, Map<String, Object>> objects : all) {
			if (objects == null) {
				continue;
			}
			for (Map<String, Object> deployment : ofKind(objects, "Deployment")) {
				Map<String, Object> pod = HelmChart.at(deployment, "spec", "template", "spec");
				Map<String, Map<String, Object>> volumes = new HashMap<>();
				list(pod.get("volumes")).forEach((volume) -> volumes.put((String) volume.get("name"), volume));
				for (Map<String, Object> container : list(pod.get("containers"))) {
					for (Map<String, Object> mount : list(container.get("volumeMounts"))) {
						String mountPath = (String) mount.get("mountPath");
						mounts.add(mountPath);
						for (String file : projected(objects, volumes.get((String) mount.get("name")))) {
							files.add(mountPath + "/" + file);
						}
					}
				}
			}
		}
		String root = commonPrefix(mounts.stream().filter((mount) -> mount.startsWith("/etc/")).toList());
		for (Doc doc : docs) {
			for (int i = 0; i < doc.lines.size(); i++) {
				Matcher matcher = ABSOLUTE_PATH.matcher(doc.lines.get(i));
				while (matcher.find()) {
					String path = matcher.group().replaceAll("[./]+$", "");
					if (!path.startsWith(root)) {
						continue;
					}
					count("path");
					Pattern wanted = Pattern.compile(Stream.of(path.split("/", -1))
						.map((segment) -> segment.matches("<[^>]+>") ? "[^/]+" : Pattern.quote(segment))
						.reduce((a, b) -> a + "/" + b)
						.orElseThrow());
					if (mounts.stream().noneMatch((m) -> wanted.matcher(m).matches() || m.startsWith(path + "/"))
							&& files.stream().noneMatch((f) -> wanted.matcher(f).matches())) {
						this.failures.add(doc.name + ":" + (i + 1) + ": " + path
								+ " is neither a mountPath nor a mounted file of the rendered Deployment (mounted: "
								+ files + ")");
					}
				}
			}
		}
	}

	@SuppressWarnings("unchecked")
	private static List<String> projected(Map<String, Map<String, Object>> objects,
			@Nullable Map<String, Object> volume) {
		List<String> files = new ArrayList<>();
		if (volume == null) {
			return files;
		}
		for (String kind : List.of("secret", "configMap")) {
			if (volume.get(kind) instanceof Map<?, ?> source) {
				list(source.get("items")).forEach((item) -> files.add((String) item.get("path")));
				if (source.get("items") == null && kind.equals("configMap")
						&& objects.get("ConfigMap/" + source.get("name")) != null
						&& objects.get("ConfigMap/" + source.get("name")).get("data") instanceof Map<?, ?> data) {
					data.keySet().forEach((key) -> files.add((String) key));
				}
			}
		}
		return files;
	}

	/**
	 * An application setting given as an environment variable in a doc (the kustomize
	 * overlay) must bind, through Spring's relaxed binding, to a property that the chart
	 * sets to the same value.
	 */
	@SuppressWarnings("unchecked")
	private void checkEnvironment(List<Doc> docs, List<HelmRun> runs) {
		Map<String, String> chartConfig = new LinkedHashMap<>();
		for (HelmRun run : runs) {
			Map<String, Map<String, Object>> objects = render(docs.get(0), run);
			if (objects == null) {
				continue;
			}
			for (Map<String, Object> configMap : ofKind(objects, "ConfigMap")) {
				if (configMap.get("data") instanceof Map<?, ?> data
						&& data.get("application.yml") instanceof String yml) {
					flatten("", HelmChart.yaml().load(yml), chartConfig);
				}
			}
		}
		for (Doc doc : docs) {
			for (int i = 0; i < doc.lines.size(); i++) {
				Matcher matcher = ENV_VAR.matcher(doc.lines.get(i));
				while (matcher.find()) {
					count("env");
					String name = matcher.group(1);
					String value = matcher.group(2);
					org.springframework.core.env.SystemEnvironmentPropertySource source = new org.springframework.core.env.SystemEnvironmentPropertySource(
							"env", Map.of(name, value));
					org.springframework.boot.context.properties.source.ConfigurationPropertySource properties = org.springframework.boot.context.properties.source.ConfigurationPropertySources
						.from(source)
						.iterator()
						.next();
					boolean bound = chartConfig.entrySet()
						.stream()
						.anyMatch((entry) -> value.equals(entry.getValue()) && properties.getConfigurationProperty(
								org.springframework.boot.context.properties.source.ConfigurationPropertyName
									.of(entry.getKey())) != null);
					if (!bound) {
						this.failures.add(doc.name + ":" + (i + 1) + ": " + name + "=" + value
								+ " binds to no property that the chart sets to that value");
					}
				}
			}
		}
	}

	/**
	 * A doc's application settings (a YAML block under {@code worker-gateway:}, what goes
	 * under the chart's {@code config}) must name properties the application declares.
	 */
	@SuppressWarnings("unchecked")
	private void checkApplicationYaml(List<Doc> docs) {
		Path metadataFile = Path.of("target", "classes", "META-INF", "spring-configuration-metadata.json");
		Map<String, Object> metadata = HelmChart.yaml()
			// JSON is YAML but for the escaped slash.
			.load(read(metadataFile).replace("\\/", "/"));
		Set<String> declared = new LinkedHashSet<>();
		list(metadata.get("properties")).forEach((property) -> declared.add((String) property.get("name")));
		for (Doc doc : docs) {
			for (int[] block : doc.yamlBlocks()) {
				Object parsed = null;
				for (Object document : HelmChart.yaml()
					.loadAll(String.join("\n", doc.lines.subList(block[0], block[1])))) {
					parsed = (parsed == null) ? document : parsed;
				}
				if (!(parsed instanceof Map<?, ?> map) || !map.containsKey("worker-gateway")) {
					continue;
				}
				count("application-yaml");
				Map<String, String> keys = new LinkedHashMap<>();
				flatten("", parsed, keys);
				for (String key : keys.keySet()) {
					boolean known = declared.stream()
						.anyMatch((property) -> key.equals(property) || key.startsWith(property + "."));
					if (!known) {
						this.failures.add(doc.name + ":" + block[0] + ": " + key
								+ " is no property the application declares (spring-configuration-metadata.json)");
					}
				}
			}
		}
	}

	@SuppressWarnings("unchecked")
	private static void flatten(String prefix, Object node, Map<String, String> into) {
		if (node instanceof Map<?, ?> map) {
			map.forEach((key, value) -> flatten(prefix.isEmpty() ? key.toString() : prefix + "." + key, value, into));
		}
		else if (node != null) {
			into.put(prefix, node.toString());
		}
	}

	private static String commonPrefix(List<String> paths) {
		String prefix = paths.get(0);
		for (String path : paths) {
			while (!path.startsWith(prefix)) {
				prefix = prefix.substring(0, prefix.length() - 1);
			}
		}
		return prefix;
	}

	// ---- value sets and renderings

	/**
	 * The {@code helm install/upgrade} commands of a doc, each with the values it leaves
	 * the release with ({@code --reuse-values} keeps the release's earlier ones).
	 */
	private static List<HelmRun> helmRuns(Doc doc) {
		List<HelmRun> runs = new ArrayList<>();
		Map<String, Map<String, Object>> releases = new HashMap<>();
		for (Command command : doc.commands()) {
			List<String> args = command.args;
			if (!args.get(0).equals("helm") || args.size() < 3
					|| !(args.get(1).equals("upgrade") || args.get(1).equals("install"))) {
				continue;
			}
			List<String> positional = new ArrayList<>();
			String namespace = "default";
			boolean reuse = false;
			Map<String, Object> sets = new LinkedHashMap<>();
			for (int i = 2; i < args.size(); i++) {
				String arg = args.get(i);
				switch (arg) {
					case "-n", "--namespace" -> namespace = args.get(++i);
					case "--set" -> {
						String[] pair = args.get(++i).split("=", 2);
						sets.put(pair[0], pair[1].replace("sha256:…", ANY_DIGEST));
					}
					case "--reuse-values" -> reuse = true;
					default -> {
						if (!arg.startsWith("-")) {
							positional.add(arg);
						}
					}
				}
			}
			Map<String, Object> values = new LinkedHashMap<>();
			if (reuse && releases.containsKey(positional.get(0))) {
				values.putAll(releases.get(positional.get(0)));
			}
			values.putAll(sets);
			releases.put(positional.get(0), values);
			runs.add(new HelmRun(command, positional.get(0), namespace, values));
		}
		return runs;
	}

	private @Nullable Map<String, Map<String, Object>> render(Doc doc, HelmRun run) {
		String key = run.release + "/" + run.namespace + run.sets;
		if (!this.renderings.containsKey(key)) {
			try {
				this.renderings.put(key, HelmChart
					.objects(HelmChart.template(run.release, run.namespace, helmSets(run.sets), List.of())));
				count("rendering");
			}
			catch (RuntimeException ex) {
				this.renderings.put(key, null);
				String where = (run.command != null) ? doc.name + ":" + run.command.line : doc.name;
				this.failures.add(where + ": the chart does not render with " + run.sets + ": " + ex.getMessage());
			}
		}
		return this.renderings.get(key);
	}

	private List<Map<String, Object>> objectsNamed(Doc doc, List<HelmRun> contexts, String kind, String name) {
		List<Map<String, Object>> found = new ArrayList<>();
		for (HelmRun run : contexts) {
			Map<String, Map<String, Object>> objects = render(doc, run);
			if (objects != null && objects.get(kind + "/" + name) != null) {
				found.add(objects.get(kind + "/" + name));
			}
		}
		return found;
	}

	@SuppressWarnings("unchecked")
	private static Object values(Map<String, Object> sets, String key) {
		if (sets.containsKey(key)) {
			return sets.get(key);
		}
		return HelmChart.at(HelmChart.yaml().load(HelmChart.valuesYaml()), (Object[]) key.split("\\."));
	}

	/**
	 * helm-java takes every {@code --set} value as a string: a list ({@code {a,b}} on the
	 * command line) goes item by item.
	 */
	private static Map<String, Object> helmSets(Map<String, Object> sets) {
		Map<String, Object> expanded = new LinkedHashMap<>();
		sets.forEach((key, value) -> {
			String text = String.valueOf(value);
			if (text.startsWith("{") && text.endsWith("}")) {
				String[] items = text.substring(1, text.length() - 1).split(",");
				for (int i = 0; i < items.length; i++) {
					expanded.put(key + "[" + i + "]", items[i]);
				}
			}
			else {
				expanded.put(key, value);
			}
		});
		return expanded;
	}

	private static Map<Integer, String> servicePorts(Map<String, Object> service) {
		Map<Integer, String> ports = new LinkedHashMap<>();
		list(HelmChart.at(service, "spec", "ports"))
			.forEach((port) -> ports.put((Integer) port.get("port"), (String) port.get("name")));
		return ports;
	}

	private static List<Map<String, Object>> ofKind(Map<String, Map<String, Object>> objects, String kind) {
		return objects.entrySet()
			.stream()
			.filter((entry) -> entry.getKey().startsWith(kind + "/"))
			.map(Map.Entry::getValue)
			.toList();
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> list(@Nullable Object node) {
		return (node instanceof List<?> list) ? (List<Map<String, Object>>) list : List.of();
	}

	private Doc notes(HelmRun run) {
		String output = HelmChart.install(run.release, run.namespace, helmSets(run.sets), List.of());
		count("notes");
		int start = output.indexOf("NOTES:\n");
		assertThat(start).as("NOTES in the install output").isNotNegative();
		String name = "templates/NOTES.txt (install " + run.release + " " + run.sets + ")";
		return new Doc(name, List.of(output.substring(start + "NOTES:\n".length()).split("\n", -1)), run);
	}

	private void count(String what) {
		this.counts.merge(what, 1, Integer::sum);
	}

	private void fail(Doc doc, Command command, String message) {
		this.failures
			.add(doc.name + ":" + command.line + ": " + message + "\n    in: " + String.join(" ", command.args));
	}

	private static String read(Path path) {
		try {
			return Files.readString(path);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	// ---- docs, code blocks and shell commands

	private record HelmRun(@Nullable Command command, String release, String namespace, Map<String, Object> sets) {
	}

	private record Command(int line, List<String> args) {
	}

	/**
	 * A doc: markdown (commands from its shell code blocks) or NOTES as printed (commands
	 * from every line that starts with a command).
	 */
	private record Doc(String name, List<String> lines, @Nullable HelmRun installedWith) {

		boolean notes() {
			return this.installedWith != null;
		}

		/** The ```yaml blocks, as [first line, end line) indexes. */
		List<int[]> yamlBlocks() {
			List<int[]> blocks = new ArrayList<>();
			int start = -1;
			for (int i = 0; i < this.lines.size() && !notes(); i++) {
				String line = this.lines.get(i);
				if (start < 0 && line.trim().equals("```yaml")) {
					start = i + 1;
				}
				else if (start >= 0 && line.trim().startsWith("```")) {
					blocks.add(new int[] { start, i });
					start = -1;
				}
			}
			return blocks;
		}

		static Doc read(Path path) {
			return new Doc(path.toString(), List.of(DocsMatchChartTests.read(path).split("\n", -1)), null);
		}

		String text() {
			return String.join("\n", this.lines);
		}

		List<Command> commands() {
			List<Command> commands = new ArrayList<>();
			boolean inShell = false;
			boolean inBlock = false;
			StringBuilder pending = new StringBuilder();
			int pendingLine = 0;
			for (int i = 0; i < this.lines.size(); i++) {
				String line = this.lines.get(i);
				if (!notes() && line.startsWith("```")) {
					inBlock = !inBlock;
					inShell = inBlock && SHELL.contains(line.substring(3).trim());
					continue;
				}
				boolean command = notes() ? (pending.length() > 0 || line.trim().matches("^(kubectl|curl|helm) .*"))
						: inShell;
				if (!command) {
					continue;
				}
				if (pending.length() == 0) {
					pendingLine = i + 1;
				}
				String trimmed = line.strip();
				if (trimmed.endsWith("\\")) {
					pending.append(trimmed, 0, trimmed.length() - 1).append(' ');
					continue;
				}
				pending.append(trimmed);
				for (List<String> args : shellCommands(pending.toString())) {
					commands.add(new Command(pendingLine, args));
				}
				pending.setLength(0);
			}
			return commands;
		}

	}

	/**
	 * Split a shell line into commands (at {@code | ; & &&}) and words, with quotes
	 * removed, {@code $(...)} kept whole and comments dropped; leading {@code VAR=value}
	 * assignments are dropped too.
	 */
	static List<List<String>> shellCommands(String line) {
		List<List<String>> commands = new ArrayList<>();
		List<String> words = new ArrayList<>();
		StringBuilder word = new StringBuilder();
		boolean inWord = false;
		char quote = 0;
		int depth = 0;
		for (int i = 0; i < line.length(); i++) {
			char c = line.charAt(i);
			char next = (i + 1 < line.length()) ? line.charAt(i + 1) : 0;
			if (depth > 0) {
				word.append(c);
				depth += (c == '(') ? 1 : (c == ')') ? -1 : 0;
			}
			else if (c == '$' && next == '(' && quote != '\'') {
				word.append("$(");
				i++;
				depth = 1;
				inWord = true;
			}
			else if (quote != 0) {
				if (c == quote) {
					quote = 0;
				}
				else {
					word.append(c);
				}
			}
			else if (c == '\'' || c == '"') {
				quote = c;
				inWord = true;
			}
			else if (Character.isWhitespace(c) || c == '|' || c == ';' || c == '&') {
				if (inWord) {
					words.add(word.toString());
					word.setLength(0);
					inWord = false;
				}
				if (!Character.isWhitespace(c)) {
					addCommand(commands, words);
					words = new ArrayList<>();
				}
			}
			else if (c == '#' && !inWord) {
				break;
			}
			else {
				word.append(c);
				inWord = true;
			}
		}
		if (inWord) {
			words.add(word.toString());
		}
		addCommand(commands, words);
		return commands;
	}

	private static void addCommand(List<List<String>> commands, List<String> words) {
		List<String> command = new ArrayList<>(words);
		while (!command.isEmpty() && command.get(0).matches("[A-Za-z_][A-Za-z0-9_]*=.*")) {
			command.remove(0);
		}
		if (!command.isEmpty()) {
			commands.add(command);
		}
	}

}
