package com.platform.workergateway.emulator.validation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Reads one JSON object member by member against the model's constraints, collecting
 * every violation so that a single answer names all of them, as AWS does.
 * <p>
 * A member that is absent or JSON {@code null} counts as not set. Members the model does
 * not know are ignored. Readers return a placeholder for a bad value; callers build their
 * result only after {@link #validate()} passed, so placeholders never escape.
 */
public final class InputReader {

	private final JsonNode node;

	private final String path;

	private final List<String> violations;

	private InputReader(JsonNode node, String path, List<String> violations) {
		this.node = node;
		this.path = path;
		this.violations = violations;
	}

	/**
	 * Starts reading a request body.
	 * @throws MalformedInputException if the body is not a JSON object
	 */
	public static InputReader of(JsonNode body) {
		if (!body.isObject()) {
			throw new MalformedInputException(
					"Expected a JSON object as the request body, found " + body.getNodeType());
		}
		return new InputReader(body, "", new ArrayList<>());
	}

	public String requiredString(String member, StringShape shape) {
		String value = optionalString(member, shape);
		if (value == null) {
			requirePresent(member, isAbsent(member));
			return "";
		}
		return value;
	}

	public @Nullable String optionalString(String member, StringShape shape) {
		JsonNode value = this.node.get(member);
		if (value == null || value.isNull()) {
			return null;
		}
		if (!value.isString()) {
			violation(member, "Value of type " + value.getNodeType(), "Member must be a string");
			return null;
		}
		return StringConstraints.check(value.stringValue(), shape, path(member), this.violations);
	}

	public String requiredEnum(String member, List<String> allowed) {
		JsonNode value = this.node.get(member);
		if (value == null || value.isNull()) {
			requirePresent(member, true);
			return "";
		}
		if (!value.isString()) {
			violation(member, "Value of type " + value.getNodeType(), "Member must be a string");
			return "";
		}
		if (!allowed.contains(value.stringValue())) {
			violation(member, StringConstraints.describe(value.stringValue()),
					"Member must satisfy enum value set: " + allowed);
		}
		return value.stringValue();
	}

	public @Nullable InputReader optionalStructure(String member) {
		JsonNode value = this.node.get(member);
		if (value == null || value.isNull()) {
			return null;
		}
		if (!value.isObject()) {
			violation(member, "Value of type " + value.getNodeType(), "Member must be a structure (JSON object)");
			return null;
		}
		return new InputReader(value, path(member) + ".", this.violations);
	}

	/**
	 * Reads a list of structures; element paths read like AWS's,
	 * {@code fields.1.member.key}.
	 */
	public <T> List<T> list(String member, boolean required, Function<InputReader, T> element) {
		JsonNode value = this.node.get(member);
		if (value == null || value.isNull()) {
			requirePresent(member, required);
			return List.of();
		}
		if (!value.isArray()) {
			violation(member, "Value of type " + value.getNodeType(), "Member must be a list (JSON array)");
			return List.of();
		}
		List<T> items = new ArrayList<>();
		int index = 1;
		for (JsonNode item : value.values()) {
			String itemPath = path(member) + "." + index++ + ".member";
			if (isStructure(item, itemPath)) {
				items.add(element.apply(new InputReader(item, itemPath + ".", this.violations)));
			}
		}
		return items;
	}

	/**
	 * Reads a map of structures, with keys checked against a shape.
	 */
	public <T> Map<String, T> map(String member, StringShape keyShape, Function<InputReader, T> entry) {
		JsonNode value = this.node.get(member);
		if (value == null || value.isNull()) {
			return Map.of();
		}
		if (!value.isObject()) {
			violation(member, "Value of type " + value.getNodeType(), "Member must be a map (JSON object)");
			return Map.of();
		}
		Map<String, T> entries = new LinkedHashMap<>();
		for (Map.Entry<String, JsonNode> property : value.properties()) {
			String entryPath = path(member) + "." + property.getKey();
			StringConstraints.check(property.getKey(), keyShape, entryPath + " (key)", this.violations);
			if (isStructure(property.getValue(), entryPath)) {
				entries.put(property.getKey(),
						entry.apply(new InputReader(property.getValue(), entryPath + ".", this.violations)));
			}
		}
		return entries;
	}

	/**
	 * The raw value of a member, for members that are not model strings.
	 */
	public @Nullable JsonNode raw(String member) {
		JsonNode value = this.node.get(member);
		return (value == null || value.isNull()) ? null : value;
	}

	/**
	 * Records a violation of a constraint the reader does not know itself.
	 */
	public void violation(String member, String value, String constraint) {
		this.violations.add(value + " at '" + path(member) + "' failed to satisfy constraint: " + constraint);
	}

	/**
	 * @throws ValidationException if anything read so far broke a constraint
	 */
	public void validate() {
		if (!this.violations.isEmpty()) {
			throw new ValidationException(this.violations);
		}
	}

	private boolean isStructure(JsonNode item, String itemPath) {
		if (!item.isObject()) {
			this.violations.add("Value of type " + item.getNodeType() + " at '" + itemPath
					+ "' failed to satisfy constraint: Member must be a structure (JSON object)");
		}
		return item.isObject();
	}

	private void requirePresent(String member, boolean required) {
		if (required) {
			this.violations
				.add("Value null at '" + path(member) + "' failed to satisfy constraint: Member must not be null");
		}
	}

	private boolean isAbsent(String member) {
		JsonNode value = this.node.get(member);
		return value == null || value.isNull();
	}

	private String path(String member) {
		return this.path + member;
	}

}
