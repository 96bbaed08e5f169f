package bench;

import java.net.URI;
import java.time.Duration;

import reactor.core.publisher.Mono;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.datapipeline.DataPipelineAsyncClient;
import software.amazon.awssdk.services.datapipeline.model.PollForTaskResponse;

/**
 * The direct path: workers calling Data Pipeline (here the emulator) themselves with the
 * AWS SDK for Java v2 and its Netty client, as a worker without the gateway would. The
 * SDK's defaults are kept except the pool size (raised to the number of concurrent polls)
 * and the read timeout, which must exceed the 90 s hold.
 */
final class Direct implements AutoCloseable {

	private final DataPipelineAsyncClient client;

	Direct(String endpoint, int maxConcurrency) {
		this.client = DataPipelineAsyncClient.builder()
			.endpointOverride(URI.create(endpoint))
			.region(Region.US_EAST_1)
			.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDBENCH", "bench")))
			.httpClientBuilder(NettyNioAsyncHttpClient.builder()
				.maxConcurrency(maxConcurrency)
				.maxPendingConnectionAcquires(Math.max(10_000, maxConcurrency * 2))
				.connectionAcquisitionTimeout(Duration.ofMinutes(2))
				.readTimeout(Duration.ofSeconds(120)))
			.build();
	}

	/** A PollForTask; the task id, or empty when the hold ended without one. */
	Mono<String> poll(String group) {
		return Mono
			.fromFuture(() -> this.client.pollForTask((request) -> request.workerGroup(group).hostname("bench")), true)
			.mapNotNull(PollForTaskResponse::taskObject)
			.map((task) -> task.taskId());
	}

	/** A runner heartbeat: answered at once. */
	Mono<Boolean> heartbeat() {
		return Mono
			.fromFuture(() -> this.client.reportTaskRunnerHeartbeat(
					(request) -> request.taskrunnerId("bench-startup").workerGroup("bench").hostname("bench")))
			.map((response) -> Boolean.TRUE.equals(response.terminate()));
	}

	@Override
	public void close() {
		this.client.close();
	}

}
