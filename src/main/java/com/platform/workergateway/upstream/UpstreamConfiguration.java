package com.platform.workergateway.upstream;

import java.net.URI;
import java.util.concurrent.CompletableFuture;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientAsyncConfiguration;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.client.config.SdkAdvancedAsyncClientOption;
import software.amazon.awssdk.endpoints.Endpoint;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.datapipeline.DataPipelineAsyncClient;
import software.amazon.awssdk.services.datapipeline.DataPipelineAsyncClientBuilder;
import software.amazon.awssdk.services.datapipeline.endpoints.DataPipelineEndpointProvider;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Wires the upstream adapter: our WebClient transport, the SDK client on it, and the
 * {@link DataPipelineClient} with its circuit breakers.
 * <p>
 * <b>Shutdown order.</b> Beans are destroyed after every {@code SmartLifecycle} has
 * stopped, that is after the web server's graceful shutdown (bounded by
 * {@code spring.lifecycle.timeout-per-shutdown-phase}), and in reverse dependency order:
 * adapter, SDK client, then the transport and its connection pool. Polls that the
 * dispatcher runs on its own (not for an open worker request) are drained only if the
 * dispatcher waits for them in its own {@code SmartLifecycle#stop}; whatever is still in
 * flight when the pool is disposed fails with a transport error.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(UpstreamProperties.class)
public class UpstreamConfiguration {

	private static final String ENDPOINT = "worker-gateway.upstream.endpoint";

	@Bean(destroyMethod = "close")
	WebClientSdkHttpClient upstreamHttpClient(WebClient.Builder webClientBuilder, UpstreamProperties properties) {
		return WebClientSdkHttpClient.create(webClientBuilder, properties);
	}

	// The SDK does not close an HTTP client it was given: the transport bean closes
	// itself, after this one.
	/**
	 * Reads {@code worker-gateway.upstream.endpoint} on each call, for an endpoint that
	 * is published only after this configuration was bound (the embedded emulator's).
	 */
	@Bean
	@ConditionalOnMissingBean
	UpstreamEndpointOverride environmentEndpointOverride(Environment environment) {
		return () -> environment.getProperty(ENDPOINT, URI.class);
	}

	@Bean(destroyMethod = "close")
	DataPipelineAsyncClient dataPipelineAsyncClient(WebClientSdkHttpClient upstreamHttpClient,
			UpstreamProperties properties, ObjectProvider<UpstreamEndpointOverride> endpointOverride) {
		return sdkClient(upstreamHttpClient, properties, endpointOverride.getIfAvailable());
	}

	@Bean
	AwsDataPipelineClient dataPipelineClient(DataPipelineAsyncClient dataPipelineAsyncClient,
			UpstreamProperties properties, CircuitBreakerRegistry circuitBreakerRegistry,
			ObjectProvider<MeterRegistry> meters, ObjectProvider<ObservationRegistry> observations) {
		return new AwsDataPipelineClient(dataPipelineAsyncClient, pollOverride(properties), circuitBreakerRegistry,
				meters.getIfAvailable(SimpleMeterRegistry::new),
				observations.getIfAvailable(() -> ObservationRegistry.NOOP));
	}

	/**
	 * Builds the SDK client: one attempt per call, timeouts just above ours, region and
	 * credentials as configured.
	 * @param httpClient the transport
	 * @param properties upstream settings
	 * @param endpointOverride run-time endpoint, used when no endpoint is configured
	 * @return the SDK client
	 */
	static DataPipelineAsyncClient sdkClient(SdkAsyncHttpClient httpClient, UpstreamProperties properties,
			@Nullable UpstreamEndpointOverride endpointOverride) {
		DataPipelineAsyncClientBuilder builder = DataPipelineAsyncClient.builder()
			.httpClient(httpClient)
			.region(Region.of(properties.region()))
			.overrideConfiguration(ClientOverrideConfiguration.builder()
				.retryStrategy(AwsRetryStrategy.doNotRetry())
				.apiCallAttemptTimeout(properties.callSdkTimeout())
				.apiCallTimeout(properties.callSdkTimeout())
				.build())
			// The SDK completes its futures on our transport's event loop instead of
			// handing each completion to its own sdk-async-response thread pool: a thread
			// switch per call, and 4.8 of 15.9 ms of the gateway's CPU per task in the
			// profile (docs/benchmarks.md). Nothing downstream blocks: the dispatcher and
			// the
			// controllers are reactive.
			.asyncConfiguration(ClientAsyncConfiguration.builder()
				.advancedOption(SdkAdvancedAsyncClientOption.FUTURE_COMPLETION_EXECUTOR, Runnable::run)
				.build());
		UpstreamProperties.StaticCredentials credentials = properties.staticCredentials();
		if (credentials != null) {
			builder.credentialsProvider(StaticCredentialsProvider
				.create(AwsBasicCredentials.create(credentials.accessKeyId(), credentials.secretAccessKey())));
		}
		if (properties.endpoint() != null) {
			builder.endpointOverride(properties.endpoint());
		}
		else if (endpointOverride != null) {
			// Asked per call: an emulator may bind its port only after this client
			// exists.
			DataPipelineEndpointProvider regional = DataPipelineEndpointProvider.defaultProvider();
			builder.endpointProvider((params) -> {
				URI endpoint = endpointOverride.endpoint();
				return (endpoint != null) ? CompletableFuture.completedFuture(Endpoint.builder().url(endpoint).build())
						: regional.resolveEndpoint(params);
			});
		}
		return builder.build();
	}

	/**
	 * The SDK timeouts of PollForTask, which the client's defaults (for the short calls)
	 * would cut.
	 * @param properties upstream settings
	 * @return the per-request override for PollForTask
	 */
	static AwsRequestOverrideConfiguration pollOverride(UpstreamProperties properties) {
		return AwsRequestOverrideConfiguration.builder()
			.apiCallAttemptTimeout(properties.pollSdkTimeout())
			.apiCallTimeout(properties.pollSdkTimeout())
			.build();
	}

}
