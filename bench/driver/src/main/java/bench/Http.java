package bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.util.AttributeKey;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Non-blocking HTTP (Reactor Netty) to the gateway's worker API, the emulator's admin API
 * and the gateway's actuator.
 */
final class Http implements AutoCloseable {

	static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Pattern TASK_ID = Pattern.compile("\"taskId\"\\s*:\\s*\"([^\"]+)\"");

	private static final Pattern TOKEN = Pattern.compile("\"taskToken\"\\s*:\\s*\"([^\"]+)\"");

	private final ConnectionProvider pool;

	private final HttpClient client;

	Http(String name, int maxConnections, String bearerToken) {
		this.pool = ConnectionProvider.builder(name)
			.maxConnections(maxConnections)
			.pendingAcquireMaxCount(-1)
			.pendingAcquireTimeout(Duration.ofMinutes(3))
			.maxIdleTime(Duration.ofSeconds(20))
			.build();
		HttpClient http = HttpClient.create(this.pool)
			.keepAlive(true)
			.doOnChannelInit((observer, channel, address) -> channel.pipeline().addFirst(BytesRead.NAME, BYTES_READ));
		if (bearerToken != null && !bearerToken.isBlank()) {
			http = http.headers((headers) -> headers.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + bearerToken));
		}
		this.client = http;
	}

	/** A poll's answer: status, Retry-After, and the task when there is one. */
	record Answer(int status, String retryAfter, String taskId, String taskToken) {

		boolean hasTask() {
			return this.status == 200 && this.taskId != null;
		}

	}

	/** {@code POST /v1/tasks/poll}. */
	Mono<Answer> poll(String baseUrl, String group, int waitSeconds, AtomicBoolean responding) {
		return poll(baseUrl, group, waitSeconds, responding, null);
	}

	/**
	 * {@code POST /v1/tasks/poll}; {@code responding} (if given) is set when the answer
	 * starts to arrive, and {@code connection} to the poll's connection.
	 */
	Mono<Answer> poll(String baseUrl, String group, int waitSeconds, AtomicBoolean responding,
			AtomicReference<Channel> connection) {
		HttpClient http = this.client.headers(
				(h) -> h.set(HttpHeaderNames.CONTENT_TYPE, "application/json").set("Prefer", "wait=" + waitSeconds));
		if (responding != null) {
			http = http.doOnResponse((response, conn) -> responding.set(true));
		}
		if (connection != null) {
			http = http.doOnRequest((request, conn) -> connection.set(conn.channel()));
		}
		return http.post()
			.uri(baseUrl + "/v1/tasks/poll")
			.send(ByteBufFlux.fromString(Mono.just("{\"workerGroup\":\"" + group + "\",\"hostname\":\"bench\"}")))
			.responseSingle((response, body) -> body.asString().defaultIfEmpty("").map((text) -> {
				String taskId = null;
				String token = null;
				if (response.status().code() == 200) {
					Matcher id = TASK_ID.matcher(text);
					Matcher tk = TOKEN.matcher(text);
					taskId = id.find() ? id.group(1) : null;
					token = tk.find() ? tk.group(1) : null;
				}
				return new Answer(response.status().code(), response.responseHeaders().get("Retry-After"), taskId,
						token);
			}));
	}

	/** POSTs JSON; answers the status code. */
	Mono<Integer> postStatus(String url, String json) {
		return this.client.headers((h) -> h.set(HttpHeaderNames.CONTENT_TYPE, "application/json"))
			.post()
			.uri(url)
			.send(ByteBufFlux.fromString(Mono.just(json)))
			.responseSingle(
					(response, body) -> body.asString().defaultIfEmpty("").thenReturn(response.status().code()));
	}

	Mono<String> postJson(String url, String json) {
		return this.client.headers((h) -> h.set(HttpHeaderNames.CONTENT_TYPE, "application/json"))
			.post()
			.uri(url)
			.send(ByteBufFlux.fromString(Mono.just(json)))
			.responseSingle((response, body) -> body.asString().defaultIfEmpty(""));
	}

	Mono<Integer> getStatus(String url) {
		return this.client.get()
			.uri(url)
			.responseSingle((response, body) -> body.asString().defaultIfEmpty("").thenReturn(response.status().code()))
			.onErrorReturn(-1);
	}

	Mono<String> get(String url) {
		return this.client.get().uri(url).responseSingle((response, body) -> body.asString().defaultIfEmpty(""));
	}

	Mono<Integer> delete(String url) {
		return this.client.delete()
			.uri(url)
			.responseSingle(
					(response, body) -> body.asString().defaultIfEmpty("").thenReturn(response.status().code()));
	}

	// --- the emulator's admin API

	/** Schedules a task; answers its id. */
	Mono<String> schedule(String emulator, String group) {
		return postJson(emulator + "/emulator/tasks", "{\"workerGroup\":\"" + group + "\"}").map((text) -> {
			Matcher id = TASK_ID.matcher(text);
			if (!id.find()) {
				throw new IllegalStateException("No taskId in " + text);
			}
			return id.group(1);
		});
	}

	/** Schedules {@code count} tasks round-robin over the groups, 64 at a time. */
	List<String> scheduleMany(String emulator, List<String> groups, int count) {
		return Flux.range(0, count)
			.flatMap((i) -> schedule(emulator, groups.get(i % groups.size())), 64)
			.collectList()
			.block(Duration.ofMinutes(5));
	}

	long calls(String emulator, String operation) {
		JsonNode calls = JSON.readTree(get(emulator + "/emulator/calls").block(Duration.ofSeconds(30)));
		JsonNode op = calls.get(operation);
		return (op != null && op.get("received") != null) ? op.get("received").asLong() : 0;
	}

	void reset(String emulator) {
		postStatus(emulator + "/emulator/reset", "{}").block(Duration.ofSeconds(60));
	}

	void fault(String emulator, String json) {
		int status = postStatus(emulator + "/emulator/faults", json).block(Duration.ofSeconds(30));
		if (status != 201) {
			throw new IllegalStateException("Fault refused: " + status + " " + json);
		}
	}

	void clearFaults(String emulator) {
		delete(emulator + "/emulator/faults").block(Duration.ofSeconds(30));
	}

	JsonNode ledger(String emulator) {
		return JSON.readTree(get(emulator + "/emulator/tasks").block(Duration.ofMinutes(2)));
	}

	// --- the gateway's actuator

	/** Prometheus samples whose name matches, with their labels. */
	List<Sample> prometheus(String management, String metric) {
		String scrape = get(management + "/actuator/prometheus").block(Duration.ofSeconds(30));
		List<Sample> samples = new ArrayList<>();
		for (String line : scrape.split("\n")) {
			if (line.startsWith(metric + "{") || line.startsWith(metric + " ")) {
				int brace = line.indexOf('{');
				int close = line.lastIndexOf('}');
				String labels = (brace > 0) ? line.substring(brace + 1, close) : "";
				double value = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
				samples.add(new Sample(labels, value));
			}
		}
		return samples;
	}

	/** One Prometheus sample. */
	record Sample(String labels, double value) {

		String label(String name) {
			Matcher m = Pattern.compile(name + "=\"([^\"]*)\"").matcher(this.labels);
			return m.find() ? m.group(1) : null;
		}

	}

	static String json(Map<String, ?> fields) {
		return JSON.writeValueAsString(fields);
	}

	@Override
	public void close() {
		this.pool.disposeLater().block(Duration.ofSeconds(30));
	}

	private static final BytesRead BYTES_READ = new BytesRead();

	/** Bytes read so far on a connection of this client. */
	static long bytesRead(Channel channel) {
		AtomicLong read = channel.attr(BytesRead.KEY).get();
		return (read != null) ? read.get() : 0;
	}

	/**
	 * Counts what each connection reads off its socket, so that a worker can tell an
	 * answer its client read after the worker abandoned the poll.
	 */
	@Sharable
	static final class BytesRead extends ChannelInboundHandlerAdapter {

		static final String NAME = "bench.bytesRead";

		static final AttributeKey<AtomicLong> KEY = AttributeKey.valueOf("bench.bytesRead");

		@Override
		public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
			if (msg instanceof ByteBuf buffer) {
				ctx.channel().attr(KEY).setIfAbsent(new AtomicLong());
				ctx.channel().attr(KEY).get().addAndGet(buffer.readableBytes());
			}
			super.channelRead(ctx, msg);
		}

	}

}
