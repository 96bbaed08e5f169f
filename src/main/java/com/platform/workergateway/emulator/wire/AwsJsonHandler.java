package com.platform.workergateway.emulator.wire;

import java.time.Clock;

import com.platform.workergateway.emulator.call.CallCounter;
import com.platform.workergateway.emulator.fault.FaultEffect;
import com.platform.workergateway.emulator.fault.FaultInjector;
import com.platform.workergateway.emulator.runner.RunnerRegistry;
import com.platform.workergateway.emulator.task.InMemoryTaskQueue;
import com.platform.workergateway.emulator.throttle.AccountRateLimits;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The AWS JSON 1.1 endpoint, {@code POST /} with {@code X-Amz-Target}. A call passes, in
 * the service's order: authentication, operation lookup, the account rate limit, then
 * injected faults, then the operation with its input validation.
 */
public final class AwsJsonHandler implements HandlerFunction<ServerResponse> {

	/**
	 * The protocol's content type, for requests and answers.
	 */
	public static final MediaType AWS_JSON = MediaType.parseMediaType("application/x-amz-json-1.1");

	private static final Logger logger = LoggerFactory.getLogger(AwsJsonHandler.class);

	private final JsonMapper json = JsonMapper.builder().build();

	private final TaskRunnerOperations operations;

	private final AccountRateLimits rateLimits;

	private final FaultInjector faults;

	private final CallCounter calls;

	private final Scheduler scheduler;

	private final SigV4Authorization authorization;

	/**
	 * @param accessKeyId the access key callers must sign with
	 * @param secretAccessKey its secret, to verify their signatures
	 * @param clock the clock the signature's date must be close to
	 */
	public AwsJsonHandler(InMemoryTaskQueue tasks, RunnerRegistry runners, AccountRateLimits rateLimits,
			FaultInjector faults, CallCounter calls, Scheduler scheduler, String accessKeyId, String secretAccessKey,
			Clock clock) {
		this.operations = new TaskRunnerOperations(tasks, runners);
		this.authorization = new SigV4Authorization(new SigV4Signature(accessKeyId, secretAccessKey, clock));
		this.rateLimits = rateLimits;
		this.faults = faults;
		this.calls = calls;
		this.scheduler = scheduler;
	}

	@Override
	public Mono<ServerResponse> handle(ServerRequest request) {
		String target = request.headers().firstHeader("X-Amz-Target");
		String operation = Operation.nameIn(target);
		this.calls.received(operation);
		return request.bodyToMono(byte[].class)
			.defaultIfEmpty(new byte[0])
			.onErrorMap(DataBufferLimitException.class,
					(ex) -> new AwsErrorException("SerializationException", "Request body too large"))
			.flatMap((body) -> call(request, target, body))
			.onErrorResume(AwsErrorException.class, (error) -> Mono.just(AwsReply.error(this.json, error)))
			.onErrorResume((failure) -> Mono.just(internalError(operation, failure)))
			.doOnNext((reply) -> count(operation, reply))
			.doOnCancel(() -> this.calls.outcome(operation, "cancelled"))
			.flatMap((reply) -> ServerResponse.status(reply.status()).contentType(AWS_JSON).bodyValue(reply.body()));
	}

	private Mono<AwsReply> call(ServerRequest request, @Nullable String target, byte[] body) {
		this.authorization.check(request, body);
		Operation operation = Operation.fromTarget(target)
			.orElseThrow(() -> AwsErrorException.unknownOperation(target));
		if (!this.rateLimits.tryAcquire(operation.wireName())) {
			throw AwsErrorException.throttling();
		}
		FaultEffect effect = this.faults.effectFor(operation.wireName());
		Mono<AwsReply> answer = Mono.defer(() -> this.operations.invoke(operation, parse(body)))
			.map((output) -> AwsReply.ok(this.json, output));
		return withFaults(effect, answer);
	}

	private Mono<AwsReply> withFaults(FaultEffect effect, Mono<AwsReply> answer) {
		if (effect.hang()) {
			// Never answered; Reactor Netty cancels this when the client closes the
			// connection.
			return Mono.never();
		}
		Mono<AwsReply> result = (effect.error() != null) ? Mono.error(AwsErrorException.injected(effect.error()))
				: answer;
		return effect.latency().isZero() ? result : Mono.delay(effect.latency(), this.scheduler).then(result);
	}

	private JsonNode parse(byte[] body) {
		if (body.length == 0) {
			// Smithy asks clients to send {} for no input; an empty body is read the same
			// way.
			return this.json.createObjectNode();
		}
		try {
			return this.json.readTree(body);
		}
		catch (JacksonException ex) {
			throw new AwsErrorException("SerializationException", ex.getOriginalMessage());
		}
	}

	private void count(String operation, AwsReply reply) {
		this.calls.outcome(operation, reply.outcome());
		logger.debug("{} answered {} ({})", operation, reply.status(), reply.outcome());
	}

	private AwsReply internalError(String operation, Throwable failure) {
		logger.error("Emulator failed on {}", operation, failure);
		return AwsReply.error(this.json, new AwsErrorException(AwsErrorException.INTERNAL_SERVICE_ERROR,
				"The emulator failed: " + failure.getClass().getSimpleName()));
	}

}
