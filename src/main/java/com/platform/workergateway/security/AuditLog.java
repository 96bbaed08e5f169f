package com.platform.workergateway.security;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * The audit trail, on the logger {@value #LOGGER}: one line for every refused call and
 * every status report, saying who (principal and mechanism), which worker group and task,
 * and the outcome. The fields are SLF4J key-value pairs named after the Elastic Common
 * Schema ({@code event.action}, {@code event.outcome}, {@code user.name}, ...; the
 * gateway's own under {@code worker_gateway.}), so that they index with the ECS log
 * format the chart sets; the request id is in the MDC ({@code http.request.id}). They are
 * repeated in the message for plain-text logs. Never a token, a hash or a key.
 */
final class AuditLog {

	static final String LOGGER = "worker-gateway.audit";

	private static final Logger logger = LoggerFactory.getLogger(LOGGER);

	private static final String NONE = "-";

	/**
	 * One audit event.
	 *
	 * @param event {@code denied} or {@code task-status} ({@code event.action})
	 * @param outcome {@code unauthenticated}, {@code forbidden}, or the end of a status
	 * report: {@code reported} or the problem type's slug ({@code event.reason})
	 * @param principal who called, {@code anonymous} when unauthenticated
	 * ({@code user.name})
	 * @param mechanism how it authenticated
	 * @param operation the API path ({@code url.path})
	 * @param workerGroup the worker group, when one is concerned
	 * @param taskId the task, when one is concerned
	 * @param detail why, or the reported status
	 * @param requestId the request id of the call
	 */
	record Event(String event, String outcome, String principal, @Nullable String mechanism, String operation,
			@Nullable String workerGroup, @Nullable String taskId, @Nullable String detail, String requestId) {

		/** ECS's {@code event.outcome}: only a reported status is a success. */
		String ecsOutcome() {
			return "reported".equals(this.outcome) ? "success" : "failure";
		}

	}

	void log(Event event) {
		LoggingEventBuilder line = logger.atInfo()
			.addKeyValue("event.kind", "event")
			.addKeyValue("event.category", "web")
			.addKeyValue("event.action", event.event())
			.addKeyValue("event.outcome", event.ecsOutcome())
			.addKeyValue("event.reason", event.outcome())
			.addKeyValue("user.name", event.principal())
			.addKeyValue("url.path", event.operation())
			.addKeyValue("worker_gateway.auth_mechanism", orNone(event.mechanism()))
			.addKeyValue("worker_gateway.worker_group", orNone(event.workerGroup()))
			.addKeyValue("worker_gateway.task_id", orNone(event.taskId()))
			.addKeyValue("worker_gateway.detail", orNone(event.detail()));
		line.log(
				"audit event.action={} event.outcome={} event.reason={} user.name={} mechanism={} url.path={}"
						+ " workerGroup={} taskId={} detail={} requestId={}",
				event.event(), event.ecsOutcome(), event.outcome(), quote(event.principal()), orNone(event.mechanism()),
				event.operation(), quote(event.workerGroup()), quote(event.taskId()), quote(event.detail()),
				event.requestId());
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
