package com.platform.workergateway.emulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A raw HTTP client for the emulator, the way a non-SDK task runner would talk to it: a
 * SigV4-shaped Authorization header, no real signature.
 */
final class EmulatorHttp {

	static final String AUTHORIZATION = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261128/us-east-1/datapipeline/aws4_request, "
			+ "SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=" + "0".repeat(64);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient client = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final URI base;

	EmulatorHttp(URI base) {
		this.base = base;
	}

	HttpRequest.Builder awsRequest(@Nullable String target, String body) {
		HttpRequest.Builder request = HttpRequest.newBuilder(this.base.resolve("/"))
			.timeout(Duration.ofSeconds(30))
			.header("Content-Type", "application/x-amz-json-1.1")
			.header("X-Amz-Date", "20261128T205516Z")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		return (target != null) ? request.header("X-Amz-Target", target) : request;
	}

	HttpResponse<String> aws(String operation, String body) {
		return send(awsRequest("DataPipeline." + operation, body).header("Authorization", AUTHORIZATION).build());
	}

	CompletableFuture<HttpResponse<String>> awsAsync(String operation, String body) {
		HttpRequest request = awsRequest("DataPipeline." + operation, body).header("Authorization", AUTHORIZATION)
			.build();
		return this.client.sendAsync(request, HttpResponse.BodyHandlers.ofString());
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
