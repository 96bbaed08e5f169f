package com.platform.workergateway.emulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.Assert;

/**
 * A raw HTTP client for the emulator, the way a non-SDK task runner would talk to it: it
 * signs its requests with SigV4 itself (with the SDK's signer on the request it sends).
 */
final class EmulatorHttp {

	/**
	 * A well-formed Authorization header whose signature is wrong.
	 */
	static final String AUTHORIZATION = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261128/us-east-1/datapipeline/aws4_request, "
			+ "SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=" + "0".repeat(64);

	private static final AwsV4HttpSigner SIGNER = AwsV4HttpSigner.create();

	private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
		.withZone(ZoneOffset.UTC);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient client = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final URI base;

	private final EmulatorProperties.@Nullable Credentials credentials;

	EmulatorHttp(URI base) {
		this(base, null);
	}

	EmulatorHttp(URI base, EmulatorProperties.@Nullable Credentials credentials) {
		this.base = base;
		this.credentials = credentials;
	}

	/**
	 * A request with the headers a task runner sends, its X-Amz-Date now, not yet signed.
	 */
	HttpRequest.Builder awsRequest(@Nullable String target, String body) {
		HttpRequest.Builder request = HttpRequest.newBuilder(this.base.resolve("/"))
			.timeout(Duration.ofSeconds(30))
			.header("Content-Type", "application/x-amz-json-1.1")
			.header("X-Amz-Date", amzDate())
			.POST(HttpRequest.BodyPublishers.ofString(body));
		return (target != null) ? request.header("X-Amz-Target", target) : request;
	}

	HttpResponse<String> aws(String operation, String body) {
		return send(signedRequest(operation, body));
	}

	CompletableFuture<HttpResponse<String>> awsAsync(String operation, String body) {
		return this.client.sendAsync(signedRequest(operation, body), HttpResponse.BodyHandlers.ofString());
	}

	private HttpRequest signedRequest(String operation, String body) {
		HttpRequest.Builder request = awsRequest("DataPipeline." + operation, body);
		return request.header("Authorization", authorization(request.build(), body)).build();
	}

	/**
	 * The Authorization header that signs a request for the emulator's credentials:
	 * {@code host} (as the client will send it) and every header set on the request.
	 */
	String authorization(HttpRequest request, String body) {
		Assert.state(this.credentials != null, "no credentials to sign with");
		String host = this.base.getHost() + ((this.base.getPort() != -1) ? ":" + this.base.getPort() : "");
		return authorization(this.credentials, host, request.headers().map(), body);
	}

	static String authorization(EmulatorProperties.Credentials credentials, String host,
			Map<String, List<String>> headers, String body) {
		SdkHttpFullRequest.Builder unsigned = SdkHttpFullRequest.builder()
			.method(SdkHttpMethod.POST)
			.uri(URI.create("http://" + host + "/"))
			.putHeader("Host", host);
		headers.forEach(unsigned::putHeader);
		Instant date = Instant.from(AMZ_DATE.parse(headers.get("X-Amz-Date").get(0)));
		SignedRequest signed = SIGNER.sign((sign) -> sign
			.identity(AwsCredentialsIdentity.create(credentials.accessKeyId(), credentials.secretAccessKey()))
			.request(unsigned.build())
			.payload(ContentStreamProvider.fromUtf8String(body))
			.putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "datapipeline")
			.putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
			.putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(date, ZoneOffset.UTC)));
		return signed.request().firstMatchingHeader("Authorization").orElseThrow();
	}

	static String amzDate() {
		return AMZ_DATE.format(Instant.now());
	}

	HttpResponse<String> admin(String method, String path, @Nullable String body) {
		HttpRequest.BodyPublisher publisher = (body != null) ? HttpRequest.BodyPublishers.ofString(body)
				: HttpRequest.BodyPublishers.noBody();
		return send(HttpRequest.newBuilder(this.base.resolve(path))
			.timeout(Duration.ofSeconds(10))
			.header("Content-Type", "application/json")
			.method(method, publisher)
			.build());
	}

	HttpResponse<String> send(HttpRequest request) {
		try {
			return this.client.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	static JsonNode json(HttpResponse<String> response) {
		return JSON.readTree(response.body());
	}

}
