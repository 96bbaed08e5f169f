package com.platform.workergateway.upstream;

import java.net.URI;
import java.time.Duration;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.services.datapipeline.DataPipelineAsyncClient;

import org.springframework.util.unit.DataSize;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The real upstream stack (transport, SDK client, adapter) pointed at a test server, with
 * short timeouts.
 */
final class TestUpstream implements AutoCloseable {

	static final String ACCESS_KEY_ID = "AKIDTEST";

	static final String SECRET_ACCESS_KEY = "test-secret";

	final UpstreamProperties properties;

	final WebClientSdkHttpClient httpClient;

	final DataPipelineAsyncClient sdkClient;

	TestUpstream(URI endpoint, Duration pollResponseTimeout, Duration callResponseTimeout) {
		this.properties = properties(endpoint, pollResponseTimeout, callResponseTimeout);
		this.httpClient = WebClientSdkHttpClient.create(WebClient.builder(), this.properties);
		this.sdkClient = UpstreamConfiguration.sdkClient(this.httpClient, this.properties, null);
	}

	static UpstreamProperties properties(URI endpoint, Duration pollResponseTimeout, Duration callResponseTimeout) {
		return new UpstreamProperties(endpoint, "us-east-1", pollResponseTimeout, callResponseTimeout,
				Duration.ofSeconds(2), Duration.ofSeconds(5), 50, 10, Duration.ofSeconds(5), Duration.ofSeconds(30),
				DataSize.ofMegabytes(4), new UpstreamProperties.StaticCredentials(ACCESS_KEY_ID, SECRET_ACCESS_KEY),
				Duration.ofSeconds(90));
	}

	AwsDataPipelineClient adapter(CircuitBreakerRegistry circuitBreakers) {
		return new AwsDataPipelineClient(this.sdkClient, UpstreamConfiguration.pollOverride(this.properties),
				circuitBreakers);
	}

	AwsDataPipelineClient adapter(AwsRequestOverrideConfiguration pollOverride) {
		return new AwsDataPipelineClient(this.sdkClient, pollOverride, CircuitBreakerRegistry.ofDefaults());
	}

	@Override
	public void close() {
		this.sdkClient.close();
		this.httpClient.close();
	}

}
