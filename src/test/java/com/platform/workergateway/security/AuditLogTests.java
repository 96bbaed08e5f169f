package com.platform.workergateway.security;

import java.nio.charset.StandardCharsets;
import java.util.List;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.logging.logback.StructuredLogEncoder;
import org.springframework.core.env.Environment;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Audit events as the chart's ECS log format writes them: ECS field names, nested, that
 * an ECS index template accepts (no top-level {@code event} or {@code outcome} string).
 */
class AuditLogTests {

	private final Logger logger = (Logger) LoggerFactory.getLogger(AuditLog.LOGGER);

	private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

	@BeforeEach
	void capture() {
		this.appender.start();
		this.logger.addAppender(this.appender);
	}

	@AfterEach
	void release() {
		this.logger.detachAppender(this.appender);
		MDC.clear();
	}

	@Test
	void shouldWriteEcsFieldsInTheEcsFormat() {
		MDC.put("http.request.id", "req-1");
		new AuditLog().log(new AuditLog.Event("denied", "forbidden", "etl-runner", "jwt", "/v1/tasks/poll", "etl", null,
				"worker group not granted", "req-1"));

		JsonNode line = ecs(this.appender.list.get(0));

		assertThat(line.at("/event/action").asString()).isEqualTo("denied");
		assertThat(line.at("/event/outcome").asString()).isEqualTo("failure");
		assertThat(line.at("/event/reason").asString()).isEqualTo("forbidden");
		assertThat(line.at("/user/name").asString()).isEqualTo("etl-runner");
		assertThat(line.at("/url/path").asString()).isEqualTo("/v1/tasks/poll");
		assertThat(line.at("/http/request/id").asString()).isEqualTo("req-1");
		assertThat(line.at("/worker_gateway/worker_group").asString()).isEqualTo("etl");
		assertThat(line.at("/worker_gateway/auth_mechanism").asString()).isEqualTo("jwt");
		assertThat(line.path("event").isObject()).isTrue();
		assertThat(line.has("outcome")).isFalse();
		assertThat(line.has("principal")).isFalse();
	}

	@Test
	void shouldCountOnlyAReportedStatusAsASuccess() {
		new AuditLog().log(new AuditLog.Event("task-status", "reported", "etl-runner", "static-token",
				"/v1/tasks/status", "etl", "task-1", "FINISHED", "req-2"));
		new AuditLog().log(new AuditLog.Event("task-status", "task-not-found", "etl-runner", "static-token",
				"/v1/tasks/status", "etl", "task-2", "FINISHED", "req-3"));

		List<JsonNode> lines = this.appender.list.stream().map(AuditLogTests::ecs).toList();

		assertThat(lines).extracting((line) -> line.at("/event/outcome").asString())
			.containsExactly("success", "failure");
		assertThat(lines.get(1).at("/event/reason").asString()).isEqualTo("task-not-found");
		assertThat(lines.get(0).at("/worker_gateway/task_id").asString()).isEqualTo("task-1");
	}

	private static JsonNode ecs(ILoggingEvent event) {
		LoggerContext context = new LoggerContext();
		context.putObject(Environment.class.getName(), new MockEnvironment());
		StructuredLogEncoder encoder = new StructuredLogEncoder();
		encoder.setContext(context);
		encoder.setFormat("ecs");
		encoder.start();
		return JsonMapper.builder().build().readTree(new String(encoder.encode(event), StandardCharsets.UTF_8));
	}

}
