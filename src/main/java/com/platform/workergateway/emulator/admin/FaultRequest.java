package com.platform.workergateway.emulator.admin;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;

import com.platform.workergateway.emulator.fault.Fault;
import com.platform.workergateway.emulator.validation.InputReader;
import com.platform.workergateway.emulator.validation.StringShape;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Reads {@code POST /emulator/faults}: {@code {"operation", "error"?, "rate"?,
 * "latency"?, "hang"?, "times"?}}; {@code times} limits the fault to the next calls it
 * applies to; latency is an ISO-8601 duration ({@code "PT2S"}) or milliseconds.
 */
final class FaultRequest {

	private static final List<String> OPERATIONS = List.of("PollForTask", "ReportTaskProgress", "SetTaskStatus",
			"ReportTaskRunnerHeartbeat", Fault.ALL_OPERATIONS);

	private FaultRequest() {
	}

	static Fault read(JsonNode body) {
		InputReader in = InputReader.of(body);
		String operation = in.requiredEnum("operation", OPERATIONS);
		String error = in.optionalString("error", StringShape.ID);
		if (error != null && !error.matches("[A-Za-z0-9_.]+")) {
			in.violation("error", "Value '" + error + "'",
					"Member must be a bare error name such as ThrottlingException");
		}
		double rate = rate(in);
		Duration latency = latency(in);
		JsonNode hang = in.raw("hang");
		if (hang != null && !hang.isBoolean()) {
			in.violation("hang", "Value of type " + hang.getNodeType(), "Member must be a boolean");
		}
		JsonNode times = in.raw("times");
		if (times != null && (!times.isIntegralNumber() || times.asInt() < 1)) {
			in.violation("times", "Value " + times, "Member must be an integer of at least 1");
		}
		in.validate();
		return new Fault("", operation, error, rate, latency, hang != null && hang.booleanValue(),
				(times != null) ? times.asInt() : null);
	}

	private static double rate(InputReader in) {
		JsonNode rate = in.raw("rate");
		if (rate == null) {
			return 1;
		}
		if (!rate.isNumber() || rate.doubleValue() < 0 || rate.doubleValue() > 1) {
			in.violation("rate", "Value " + rate, "Member must be a number from 0 to 1");
			return 1;
		}
		return rate.doubleValue();
	}

	private static @Nullable Duration latency(InputReader in) {
		JsonNode latency = in.raw("latency");
		if (latency == null) {
			return null;
		}
		Duration parsed = null;
		if (latency.isIntegralNumber()) {
			parsed = Duration.ofMillis(latency.longValue());
		}
		else if (latency.isString()) {
			parsed = parseIso(latency.stringValue());
		}
		if (parsed == null || parsed.isNegative()) {
			in.violation("latency", "Value " + latency,
					"Member must be an ISO-8601 duration such as \"PT2S\" or a non-negative number of milliseconds");
			return null;
		}
		return parsed;
	}

	private static @Nullable Duration parseIso(String text) {
		try {
			return Duration.parse(text);
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

}
