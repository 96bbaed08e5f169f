package com.platform.workergateway.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Reads static tokens from a file, e.g. a mounted Kubernetes Secret. By its name:
 * <ul>
 * <li>{@code *.yaml}, {@code *.yml}, {@code *.json}: a list of {@code {name, sha256,
 * groups}}, or a map with that list under {@code tokens};</li>
 * <li>anything else: one token a line, {@code <name> <sha256> <group>[,<group>...]},
 * separated by white space; {@code #} starts a comment line.</li>
 * </ul>
 * Errors name the entry, never its content.
 */
final class StaticTokensFile {

	private static final Pattern SPACES = Pattern.compile("\\s+");

	private StaticTokensFile() {
	}

	static List<SecurityProperties.StaticToken> read(Path file) {
		try {
			return parse(file, Files.readString(file, StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read worker-gateway.security.static-tokens-file " + file, ex);
		}
	}

	/**
	 * Parses and validates the content of the file.
	 * @param file the file, whose name sets the format
	 * @param text its content
	 * @return the tokens
	 * @throws IllegalStateException naming the line or entry (never its content) when the
	 * content is not valid
	 */
	static List<SecurityProperties.StaticToken> parse(Path file, String text) {
		String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
		boolean structured = name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json");
		return structured ? structured(file, text) : lines(file, text);
	}

	private static List<SecurityProperties.StaticToken> lines(Path file, String text) {
		List<SecurityProperties.StaticToken> tokens = new ArrayList<>();
		String[] lines = text.split("\\R");
		for (int i = 0; i < lines.length; i++) {
			String line = lines[i].strip();
			if (line.isEmpty() || line.startsWith("#")) {
				continue;
			}
			String[] parts = SPACES.split(line);
			if (parts.length != 3) {
				throw invalid(file, "line " + (i + 1), "expected <name> <sha256> <group>[,<group>...]");
			}
			tokens.add(check(file, "line " + (i + 1),
					new SecurityProperties.StaticToken(parts[0], parts[1], Arrays.asList(parts[2].split(",")))));
		}
		return tokens;
	}

	private static List<SecurityProperties.StaticToken> structured(Path file, String text) {
		Object root;
		try {
			root = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
		}
		catch (RuntimeException ex) {
			// The parser's message quotes the offending text: never log it.
			throw invalid(file, "root", "not well-formed YAML/JSON");
		}
		if (root instanceof Map<?, ?> map && map.containsKey("tokens")) {
			root = map.get("tokens");
		}
		if (root == null) {
			return List.of();
		}
		if (!(root instanceof List<?> list)) {
			throw invalid(file, "root", "expected a list of tokens, or one under 'tokens'");
		}
		List<SecurityProperties.StaticToken> tokens = new ArrayList<>();
		for (int i = 0; i < list.size(); i++) {
			if (!(list.get(i) instanceof Map<?, ?> entry) || !(entry.get("name") instanceof String name)
					|| !(entry.get("sha256") instanceof String sha256)
					|| !(entry.get("groups") instanceof List<?> groups)) {
				throw invalid(file, "entry " + (i + 1), "expected name, sha256 (strings) and groups (a list)");
			}
			tokens.add(check(file, "entry " + (i + 1),
					new SecurityProperties.StaticToken(name, sha256, groups.stream().map(String::valueOf).toList())));
		}
		return tokens;
	}

	private static SecurityProperties.StaticToken check(Path file, String where, SecurityProperties.StaticToken token) {
		if (!token.name().matches(SecurityProperties.StaticToken.NAME)) {
			throw invalid(file, where, "name must match " + SecurityProperties.StaticToken.NAME);
		}
		if (!token.sha256().matches(SecurityProperties.StaticToken.SHA256)) {
			throw invalid(file, where, "sha256 must be 64 hex digits (the SHA-256 of the token, not the token)");
		}
		if (token.groups().isEmpty() || token.groups().stream().anyMatch(String::isBlank)) {
			throw invalid(file, where, "groups must be non-blank worker group names or \"*\"");
		}
		return token;
	}

	private static IllegalStateException invalid(Path file, String where, String problem) {
		return new IllegalStateException(
				"Invalid worker-gateway.security.static-tokens-file " + file + " at " + where + ": " + problem);
	}

}
