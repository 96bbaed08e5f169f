package com.platform.workergateway.upstream;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;

import io.netty.channel.ChannelOption;
import io.netty.handler.timeout.ReadTimeoutException;
import org.reactivestreams.Publisher;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.HttpClientRequest;
import reactor.netty.resources.ConnectionProvider;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.http.async.AsyncExecuteRequest;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.async.SdkAsyncHttpResponseHandler;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ReactiveHttpOutputMessage;
import org.springframework.http.client.reactive.ClientHttpRequest;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.BodyInserter;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import org.springframework.web.util.DefaultUriBuilderFactory;

/**
 * The AWS SDK's HTTP transport on Spring's {@link WebClient} (Reactor Netty), so that
 * upstream calls run on the gateway's event loops, show up as
 * {@code http.client.requests}, and use connection pools of their own: one sized for long
 * polls, one for the short calls.
 * <p>
 * The SDK hands over a request that it has already signed (SigV4): its headers are sent
 * byte for byte (only {@code Host}, which Reactor Netty sets to the same value, and
 * {@code Expect} are dropped), its URI as given, and its body buffered so that
 * {@code Content-Length} stays exact and Reactor Netty can re-send it on a stale pooled
 * connection. Nothing here may alter a signed header: no filters, no codecs, no
 * compression.
 * <p>
 * The pool and the response timeout are chosen per call from {@code X-Amz-Target}:
 * PollForTask is held for up to 90 s upstream, the other calls are answered at once. A
 * timeout fails the exchange with a {@link TimeoutException} (cause: Netty's
 * {@link ReadTimeoutException}) and closes the connection. When the SDK gives up on a
 * call (its own timeout, or the caller cancelled the SDK future) it completes the future
 * returned by {@link #execute}; that disposes the exchange, which closes the connection.
 */
public final class WebClientSdkHttpClient implements SdkAsyncHttpClient {

	static final String POLL_FOR_TASK_TARGET = "DataPipeline.PollForTask";

	private static final String TARGET_HEADER = "X-Amz-Target";

	private final WebClient pollWebClient;

	private final WebClient callWebClient;

	private final List<ConnectionProvider> connectionProviders;

	private final Duration pollResponseTimeout;

	private final Duration callResponseTimeout;

	private final int maxResponseSize;

	private WebClientSdkHttpClient(WebClient pollWebClient, WebClient callWebClient,
			List<ConnectionProvider> connectionProviders, UpstreamProperties properties) {
		this.pollWebClient = pollWebClient;
		this.callWebClient = callWebClient;
		this.connectionProviders = connectionProviders;
		this.pollResponseTimeout = properties.pollResponseTimeout();
		this.callResponseTimeout = properties.callResponseTimeout();
		this.maxResponseSize = Math.toIntExact(properties.maxResponseSize().toBytes());
	}

	/**
	 * Creates a transport with its own connection pools: one for long polls, one for the
	 * short calls, so that polls never starve acknowledgements and status reports.
	 * @param builder a WebClient builder, cloned here; Boot's one brings observations
	 * @param properties pool and timeout settings
	 * @return the transport; {@link #close()} disposes its pools
	 */
	public static WebClientSdkHttpClient create(WebClient.Builder builder, UpstreamProperties properties) {
		ConnectionProvider polls = connectionProvider("datapipeline-poll", properties.maxConnections(), properties);
		ConnectionProvider calls = connectionProvider("datapipeline-call", properties.maxCallConnections(), properties);
		return new WebClientSdkHttpClient(webClient(builder, polls, properties), webClient(builder, calls, properties),
				List.of(polls, calls), properties);
	}

	private static ConnectionProvider connectionProvider(String name, int maxConnections,
			UpstreamProperties properties) {
		return ConnectionProvider.builder(name)
			.maxConnections(maxConnections)
			.pendingAcquireTimeout(properties.pendingAcquireTimeout())
			.maxIdleTime(properties.maxIdleTime())
			.evictInBackground(properties.maxIdleTime())
			.metrics(true)
			.build();
	}

	private static WebClient webClient(WebClient.Builder builder, ConnectionProvider connectionProvider,
			UpstreamProperties properties) {
		HttpClient httpClient = HttpClient.create(connectionProvider)
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, Math.toIntExact(properties.connectTimeout().toMillis()))
			.compress(false);
		// The SDK's URI is already encoded: never let a UriBuilderFactory touch it.
		DefaultUriBuilderFactory uriBuilderFactory = new DefaultUriBuilderFactory();
		uriBuilderFactory.setEncodingMode(DefaultUriBuilderFactory.EncodingMode.NONE);
		// No default headers and no filters: anything that touches a signed header breaks
		// the signature.
		return builder.clone()
			.clientConnector(new ReactorClientHttpConnector(httpClient))
			.uriBuilderFactory(uriBuilderFactory)
			.defaultHeaders(HttpHeaders::clear)
			.filters(List::clear)
			.build();
	}

	@Override
	public CompletableFuture<Void> execute(AsyncExecuteRequest request) {
		CompletableFuture<Void> exchangeEnded = new CompletableFuture<>();
		SdkAsyncHttpResponseHandler handler = request.responseHandler();
		// The SDK calls this on the thread of the call it makes: capturing that thread's
		// context puts the exchange (its span, its log lines) under the upstream call's.
		Disposable exchange = exchange(request).contextCapture().subscribe(null, (ex) -> {
			handler.onError(ex);
			exchangeEnded.completeExceptionally(ex);
		}, () -> exchangeEnded.complete(null));
		// The SDK completes (or cancels) this future when it gives up on the call.
		exchangeEnded.whenComplete((result, ex) -> exchange.dispose());
		return exchangeEnded;
	}

	private Mono<Void> exchange(AsyncExecuteRequest request) {
		SdkHttpRequest sdkRequest = request.request();
		String target = sdkRequest.firstMatchingHeader(TARGET_HEADER).orElse("");
		boolean poll = POLL_FOR_TASK_TARGET.equals(target);
		WebClient webClient = poll ? this.pollWebClient : this.callWebClient;
		Duration responseTimeout = poll ? this.pollResponseTimeout : this.callResponseTimeout;
		return buffer(request.requestContentPublisher())
			.flatMap((body) -> send(webClient, sdkRequest, body, responseTimeout, request.responseHandler()))
			.onErrorMap(WebClientRequestException.class, WebClientSdkHttpClient::realCause)
			.onErrorMap(ReadTimeoutException.class, (ex) -> responseTimeout(target, responseTimeout, ex));
	}

	private Mono<Void> send(WebClient webClient, SdkHttpRequest sdkRequest, byte[] body, Duration responseTimeout,
			SdkAsyncHttpResponseHandler handler) {
		return webClient.method(HttpMethod.valueOf(sdkRequest.method().name()))
			.uri(sdkRequest.getUri())
			.headers((headers) -> copySignedHeaders(sdkRequest, headers))
			.httpRequest((httpRequest) -> setResponseTimeout(httpRequest, responseTimeout))
			.body(bytes(body))
			.exchangeToMono((response) -> deliver(response, handler));
	}

	private Mono<Void> deliver(ClientResponse response, SdkAsyncHttpResponseHandler handler) {
		handler.onHeaders(sdkResponse(response));
		return DataBufferUtils.join(response.body(BodyExtractors.toDataBuffers()), this.maxResponseSize)
			.map(WebClientSdkHttpClient::toBytes)
			.defaultIfEmpty(new byte[0])
			.doOnNext((bytes) -> handler.onStream(stream(bytes)))
			.then();
	}

	private static Mono<byte[]> buffer(Publisher<ByteBuffer> content) {
		return Flux.from(content).collectList().map(WebClientSdkHttpClient::concat);
	}

	private static byte[] concat(List<ByteBuffer> buffers) {
		int size = buffers.stream().mapToInt(ByteBuffer::remaining).sum();
		ByteBuffer all = ByteBuffer.allocate(size);
		buffers.forEach((buffer) -> all.put(buffer.duplicate()));
		return all.array();
	}

	private static void copySignedHeaders(SdkHttpRequest sdkRequest, HttpHeaders headers) {
		sdkRequest.forEachHeader((name, values) -> {
			if (!"Host".equalsIgnoreCase(name) && !"Expect".equalsIgnoreCase(name)) {
				headers.put(name, values);
			}
		});
	}

	private static void setResponseTimeout(ClientHttpRequest httpRequest, Duration responseTimeout) {
		HttpClientRequest nettyRequest = httpRequest.getNativeRequest();
		nettyRequest.responseTimeout(responseTimeout);
	}

	// A fresh DataBuffer per subscription: Reactor Netty re-subscribes when it re-sends
	// the request on a stale pooled connection.
	private static BodyInserter<byte[], ReactiveHttpOutputMessage> bytes(byte[] body) {
		return (message, context) -> message.writeWith(Mono.fromSupplier(() -> message.bufferFactory().wrap(body)));
	}

	private static SdkHttpResponse sdkResponse(ClientResponse response) {
		int status = response.statusCode().value();
		HttpStatus known = HttpStatus.resolve(status);
		SdkHttpResponse.Builder builder = SdkHttpResponse.builder().statusCode(status);
		if (known != null) {
			builder.statusText(known.getReasonPhrase());
		}
		response.headers().asHttpHeaders().forEach(builder::putHeader);
		return builder.build();
	}

	private static byte[] toBytes(DataBuffer buffer) {
		try {
			byte[] bytes = new byte[buffer.readableByteCount()];
			buffer.read(bytes);
			return bytes;
		}
		finally {
			DataBufferUtils.release(buffer);
		}
	}

	// The SDK subscribes to the body whenever it likes: a cold publisher of bytes already
	// read, so that the connection goes back to the pool at once.
	private static Publisher<ByteBuffer> stream(byte[] bytes) {
		return (bytes.length > 0) ? Flux.just(ByteBuffer.wrap(bytes).asReadOnlyBuffer()) : Flux.empty();
	}

	// The SDK classifies failures by their type (IOException, ...): it must see the
	// transport's exception, not Spring's wrapper around it.
	private static Throwable realCause(WebClientRequestException ex) {
		return (ex.getCause() != null) ? ex.getCause() : ex;
	}

	private static TimeoutException responseTimeout(String target, Duration timeout, Throwable cause) {
		TimeoutException timeoutException = new TimeoutException(
				"No response from upstream within " + timeout.toMillis() + " ms (" + target + ")");
		timeoutException.initCause(cause);
		return timeoutException;
	}

	@Override
	public String clientName() {
		return "WebClient";
	}

	@Override
	public void close() {
		this.connectionProviders.forEach((connectionProvider) -> connectionProvider.disposeLater().subscribe());
	}

}
