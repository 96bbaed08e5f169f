package com.platform.workergateway.upstream;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

import io.netty.handler.codec.http.HttpHeaders;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * A scripted stand-in for the Data Pipeline endpoint on a real socket: answers with AWS
 * JSON 1.1 bodies, holds or hangs on demand, and records every request with what became
 * of it (answered, or its connection closed before the answer).
 */
final class FakeDataPipelineServer implements AutoCloseable {

	private final Queue<Answer> script = new ConcurrentLinkedQueue<>();

	private final List<Received> received = new CopyOnWriteArrayList<>();

	private final DisposableServer server;

	FakeDataPipelineServer() {
		this.server = HttpServer.create().host("127.0.0.1").port(0).handle(this::handle).bindNow();
	}

	URI endpoint() {
		return URI.create("http://127.0.0.1:" + this.server.port());
	}

	/**
	 * Scripts the answer to the next request that has no other scripted answer; requests
	 * without one get a 200 with the operation's normal empty answer.
	 */
	FakeDataPipelineServer then(Answer answer) {
		this.script.add(answer);
		return this;
	}

	List<Received> received() {
		return List.copyOf(this.received);
	}

	Received only() {
		List<Received> all = received();
		if (all.size() != 1) {
			throw new AssertionError("Expected exactly one request, got " + all.size());
		}
		return all.get(0);
	}

	private Mono<Void> handle(HttpServerRequest request, HttpServerResponse response) {
		return request.receive()
			.aggregate()
			.asByteArray()
			.defaultIfEmpty(new byte[0])
			.flatMap((body) -> answer(request, response, body));
	}

	private Mono<Void> answer(HttpServerRequest request, HttpServerResponse response, byte[] body) {
		Received received = new Received(request.requestHeaders().copy(), body);
		this.received.add(received);
		request.withConnection((connection) -> connection.onDispose(received::connectionClosed));
		Answer scripted = this.script.poll();
		Answer answer = (scripted != null) ? scripted : Answer.ok(defaultBody(received.target()));
		byte[] answerBody = answer.body().getBytes(StandardCharsets.UTF_8);
		return answer.hold()
			.then(Mono.defer(() -> response.status(answer.status())
				.header("Content-Type", "application/x-amz-json-1.1")
				.header("x-amzn-RequestId", "req-" + this.received.size())
				.sendByteArray(Mono.just(answerBody))
				.then()))
			.doOnSuccess((done) -> received.answered.complete(null))
			.doOnError(received.answered::completeExceptionally);
	}

	private static String defaultBody(String target) {
		return switch (target) {
			case "DataPipeline.ReportTaskProgress" -> "{\"canceled\":false}";
			case "DataPipeline.ReportTaskRunnerHeartbeat" -> "{\"terminate\":false}";
			default -> "{}";
		};
	}

	@Override
	public void close() {
		this.server.disposeNow();
	}

	/**
	 * What the server answers to one request.
	 *
	 * @param status HTTP status
	 * @param body JSON body
	 * @param hold completes when the answer may be written
	 */
	record Answer(int status, String body, Mono<Void> hold) {

		static Answer ok(String body) {
			return new Answer(200, body, Mono.empty());
		}

		static Answer error(int status, String type) {
			return new Answer(status, "{\"__type\":\"" + type + "\",\"message\":\"m\"}", Mono.empty());
		}

		/** Never answers: the client has to give up. */
		static Answer hang() {
			return new Answer(200, "{}", Mono.never());
		}

		/** Answers once the release sink is triggered. */
		static Answer heldUntil(Sinks.Empty<Void> release, String body) {
			return new Answer(200, body, release.asMono());
		}

	}

	/**
	 * A request as the server saw it.
	 */
	static final class Received {

		final HttpHeaders headers;

		final byte[] body;

		/** Completes when the answer was written, fails if writing it failed. */
		final CompletableFuture<Void> answered = new CompletableFuture<>();

		/** Completes when the connection closed before the answer was written. */
		final CompletableFuture<Void> abortedByClient = new CompletableFuture<>();

		Received(HttpHeaders headers, byte[] body) {
			this.headers = headers;
			this.body = body;
		}

		String target() {
			String target = this.headers.get("X-Amz-Target");
			return (target != null) ? target : "";
		}

		String bodyAsString() {
			return new String(this.body, StandardCharsets.UTF_8);
		}

		void connectionClosed() {
			if (!this.answered.isDone()) {
				this.abortedByClient.complete(null);
			}
		}

	}

}
