package com.platform.workergateway.observability;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.reactive.function.client.WebClient;

import com.platform.workergateway.emulator.EmulatorDataPipeline;
import com.platform.workergateway.emulator.fault.Fault;
import com.platform.workergateway.support.GatewayIntegrationTest;
import com.platform.workergateway.support.WorkerClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One poll's trace, recorded by an in-memory span exporter: the worker's
 * {@code traceparent} continued by the gateway's server span, whose task hand-off links
 * to the upstream poll's trace with its PollForTask call; and the log lines of one
 * request, all with its request id, including an upstream failure.
 */
@GatewayIntegrationTest
@Import(TraceAndLogCorrelationIntegrationTests.Spans.class)
@TestPropertySource(properties = { "management.tracing.sampling.probability=1.0",
		"management.opentelemetry.tracing.export.schedule-delay=100ms" })
@ExtendWith(OutputCaptureExtension.class)
class TraceAndLogCorrelationIntegrationTests {

	private static final Duration AWAIT = Duration.ofSeconds(30);

	/** Secrets of application-test.yml that must never reach a span. */
	private static final List<String> SECRETS = List.of(WorkerClient.DEV_TOKEN, "test-emulator-secret",
			"dGVzdC1rZXktY3VycmVudC0wMTIzNDU2Nzg5YWJjZGVmZ2hpams=");

	@LocalServerPort
	int port;

	@Autowired
	EmulatorDataPipeline emulator;

	@Autowired
	InMemorySpanExporter spans;

	private final String group = "wg-trace-" + UUID.randomUUID();

	@AfterEach
	void clear() {
		this.emulator.clearFaults();
		this.spans.reset();
	}

	@Test
	void shouldLinkTheWorkersTraceToTheUpstreamPollThatBroughtItsTask() {
		String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
		String workerSpanId = "00f067aa0ba902b7";
		this.emulator.schedule(this.group);

		ResponseEntity<Map> answer = http().post()
			.uri("/v1/tasks/poll")
			.header("traceparent", "00-" + traceId + "-" + workerSpanId + "-01")
			.header("Prefer", "wait=5")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("workerGroup", this.group))
			.exchangeToMono((response) -> response.toEntity(Map.class))
			.block(AWAIT);
		assertThat(answer.getStatusCode().value()).isEqualTo(200);
		String taskToken = (String) answer.getBody().get("taskToken");

		await().atMost(AWAIT)
			.untilAsserted(() -> assertThat(this.spans.getFinishedSpanItems())
				.anyMatch((span) -> span.getTraceId().equals(traceId) && span.getParentSpanId().equals(workerSpanId)));
		List<SpanData> finished = this.spans.getFinishedSpanItems();
		SpanData server = finished.stream()
			.filter((span) -> span.getTraceId().equals(traceId) && span.getParentSpanId().equals(workerSpanId))
			.findFirst()
			.orElseThrow();
		SpanData handOff = finished.stream()
			.filter((span) -> span.getName().equals("task hand-off") && span.getTraceId().equals(traceId))
			.findFirst()
			.orElseThrow();
		// Under the server span (Spring Security's observations may sit in between).
		assertThat(ancestors(handOff, finished)).contains(server.getSpanId());
		assertThat(server.getKind()).isEqualTo(SpanKind.SERVER);
		assertThat(handOff.getLinks()).hasSize(1);
		String pollSpanId = handOff.getLinks().get(0).getSpanContext().getSpanId();
		SpanData poll = finished.stream()
			.filter((span) -> span.getSpanId().equals(pollSpanId))
			.findFirst()
			.orElseThrow();
		assertThat(poll.getName()).isEqualTo("upstream poll");
		assertThat(poll.getTraceId()).isNotEqualTo(traceId);
		assertThat(attributes(poll)).containsEntry("worker_group", this.group).containsEntry("outcome", "task");
		SpanData pollForTask = finished.stream()
			.filter((span) -> span.getParentSpanId().equals(poll.getSpanId()) && span.getName().equals("PollForTask"))
			.findFirst()
			.orElseThrow();
		assertThat(attributes(pollForTask)).containsEntry("operation", "PollForTask")
			.containsEntry("worker_group", this.group)
			.containsEntry("outcome", "success");
		assertThat(finished).anyMatch(
				(span) -> span.getKind() == SpanKind.CLIENT && span.getParentSpanId().equals(pollForTask.getSpanId())
						&& span.getTraceId().equals(poll.getTraceId()));
		assertThat(finished).flatExtracting((span) -> attributes(span).values())
			.allSatisfy((value) -> assertThat(SECRETS).noneMatch(value::contains))
			.noneMatch((value) -> value.contains(taskToken));
		finished.stream()
			.filter((span) -> span.getTraceId().equals(traceId) || span.getTraceId().equals(poll.getTraceId())
					|| span.getKind() == SpanKind.CLIENT)
			.forEach((span) -> System.out.println("trace " + span.getTraceId() + " span " + span.getSpanId()
					+ " parent " + span.getParentSpanId() + " '" + span.getName() + "' " + span.getKind() + " "
					+ attributes(span) + " links "
					+ span.getLinks()
						.stream()
						.map((link) -> link.getSpanContext().getTraceId() + "/" + link.getSpanContext().getSpanId())
						.toList()));
	}

	@Test
	void shouldPutTheRequestIdOnEveryLineOfTheRequestIncludingAnUpstreamFailure(CapturedOutput output) {
		this.emulator.schedule(this.group);
		String taskToken = (String) new WorkerClient(this.port).takeTask(this.group).get("taskToken");
		this.emulator.addFault(Fault.error("SetTaskStatus", "InternalServiceError"));
		String requestId = "req-" + UUID.randomUUID();

		ResponseEntity<Map> answer = http().post()
			.uri("/v1/tasks/status")
			.header("X-Request-Id", requestId)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("taskToken", taskToken, "taskStatus", "FINISHED"))
			.exchangeToMono((response) -> response.toEntity(Map.class))
			.block(AWAIT);

		assertThat(answer.getStatusCode().value()).isEqualTo(502);
		await().atMost(AWAIT).until(() -> output.getOut().contains("event.reason=upstream-error"));
		List<String> lines = output.getOut().lines().filter((line) -> line.contains(requestId)).toList();
		lines.forEach((line) -> System.out.println("request log: " + line));
		// The upstream failure and the audit line, each with the id from the MDC (the
		// bracket of the correlation pattern), not only in its text.
		assertThat(lines).anyMatch((line) -> line.contains("answered 502"))
			.anyMatch((line) -> line.contains("event.reason=upstream-error"))
			.allMatch((line) -> line.contains("," + requestId + "] "));
	}

	private WebClient http() {
		return WebClient.builder()
			.baseUrl("http://localhost:" + this.port)
			.defaultHeader(HttpHeaders.AUTHORIZATION, WorkerClient.DEV_AUTHORIZATION)
			.build();
	}

	private static List<String> ancestors(SpanData span, List<SpanData> spans) {
		Map<String, SpanData> byId = spans.stream()
			.collect(java.util.stream.Collectors.toMap(SpanData::getSpanId, (each) -> each, (a, b) -> a));
		List<String> ancestors = new java.util.ArrayList<>();
		SpanData parent = byId.get(span.getParentSpanId());
		while (parent != null) {
			ancestors.add(parent.getSpanId());
			parent = byId.get(parent.getParentSpanId());
		}
		return ancestors;
	}

	private static Map<String, String> attributes(SpanData span) {
		Map<String, String> attributes = new java.util.TreeMap<>();
		span.getAttributes().forEach((key, value) -> attributes.put(key.getKey(), String.valueOf(value)));
		return attributes;
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Spans {

		@Bean
		InMemorySpanExporter inMemorySpanExporter() {
			return InMemorySpanExporter.create();
		}

	}

}
