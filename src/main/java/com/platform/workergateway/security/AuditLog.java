package com.platform.workergateway.security;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * The audit trail, on the logger {@value #LOGGER}: one line for every refused call and
 * every status report, saying who (principal and mechanism), which worker group and task,
 * and the outcome. The fields are SLF4J key-value pairs (JSON fields in structured logs)
 * and are repeated in the message for plain-text logs. Never a token, a hash or a key.
 */
final class AuditLog {

	static final String LOGGER = "worker-gateway.audit";

	private static final Logger logger = LoggerFactory.getLogger(LOGGER);

	private static final String NONE = "-";

	/**
	 * One audit event.
	 *
	 * @param event {@code denied} or {@code task-status}
	 * @param outcome {@code unauthenticated}, {@code forbidden}, or the end of a status
	 * report: {@code reported} or the problem type's slug
	 * @param principal who called, {@code anonymous} when unauthenticated
	 * @param mechanism how it authenticated
	 * @param operation the API path
	 * @param workerGroup the worker group, when one is concerned
	 * @param taskId the task, when one is concerned
	 * @param detail why, or the reported status
	 * @param requestId the request id of the call
	 */
	record Event(String event, String outcome, String principal, @Nullable String mechanism, String operation,
			@Nullable String workerGroup, @Nullable String taskId, @Nullable String detail, String requestId) {

	}

	void log(Event event) {
		LoggingEventBuilder line = logger.atInfo()
			.addKeyValue("event", event.event())
			.addKeyValue("outcome", event.outcome())
			.addKeyValue("principal", event.principal())
			.addKeyValue("mechanism", orNone(event.mechanism()))
			.addKeyValue("operation", event.operation())
			.addKeyValue("workerGroup", orNone(event.workerGroup()))
			.addKeyValue("taskId", orNone(event.taskId()))
			.addKeyValue("detail", orNone(event.detail()))
			.addKeyValue("requestId", event.requestId());
		line.log(
				"audit event={} outcome={} principal={} mechanism={} operation={} workerGroup={} taskId={} detail={}"
						+ " requestId={}",
				event.event(), event.outcome(), quote(event.principal()), orNone(event.mechanism()), event.operation(),
				quote(event.workerGroup()), quote(event.taskId()), quote(event.detail()), event.requestId());
	}

	private static String orNone(@Nullable String value) {
		return (value != null) ? value : NONE;
	}

	/**
	 * Quoted, with control characters escaped: worker-supplied values cannot forge log
	 * lines or fields.
	 */
	private static String quote(@Nullable String value) {
		if (value == null) {
			return NONE;
		}
		StringBuilder quoted = new StringBuilder(value.length() + 2).append('"');
		value.codePoints().limit(256).forEach((codePoint) -> {
			if (codePoint == '"' || codePoint == '\\') {
				quoted.append('\\').appendCodePoint(codePoint);
			}
			else if (codePoint < 0x20 || codePoint == 0x7F || (codePoint >= 0xD800 && codePoint <= 0xDFFF)) {
				quoted.append(String.format("\\u%04x", codePoint));
			}
			else {
				quoted.appendCodePoint(codePoint);
			}
		});
		if (value.codePointCount(0, value.length()) > 256) {
			quoted.append("...");
		}
		return quoted.append('"').toString();
	}

}
