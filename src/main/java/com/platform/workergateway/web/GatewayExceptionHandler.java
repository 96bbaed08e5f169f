package com.platform.workergateway.web;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.bind.support.WebExchangeBindException;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;

/**
 * Turns every failure of a worker API call into an RFC 9457 problem: client mistakes
 * (unreadable or invalid bodies, Spring's own refusals such as 415) are
 * {@code invalid-request}; failures of the layers below are mapped by {@link Problems}.
 * Every answer is made by {@link Problems} and written through {@link ProblemResponses}.
 */
@RestControllerAdvice
public class GatewayExceptionHandler extends ResponseEntityExceptionHandler {

	private static final Log logger = LogFactory.getLog(GatewayExceptionHandler.class);

	private static final Duration SERVER_ERROR_LOG_INTERVAL = Duration.ofSeconds(10);

	private final ProblemResponses responses;

	private final ObjectProvider<ProblemObserver> observers;

	private final LogRateLimiter serverErrorLog = new LogRateLimiter(SERVER_ERROR_LOG_INTERVAL, System::nanoTime);

	public GatewayExceptionHandler(ProblemResponses responses, ObjectProvider<ProblemObserver> observers) {
		this.responses = responses;
		this.observers = observers;
	}

	@ExceptionHandler
	Mono<ResponseEntity<Object>> handleFailure(Throwable failure, ServerWebExchange exchange) {
		GatewayException problem = Problems.from(failure);
		if (problem.getStatusCode().is5xxServerError()) {
			logServerError(problem, exchange);
		}
		return Flux.fromStream(this.observers::orderedStream)
			.concatMap((observer) -> observer.answered(exchange, problem))
			.then(Mono.fromSupplier(() -> this.responses.entity(problem, exchange)));
	}

	private void logServerError(GatewayException problem, ServerWebExchange exchange) {
		String message = "Request " + RequestIdFilter.requestId(exchange) + " "
				+ exchange.getRequest().getPath().value() + " answered " + problem.getStatusCode().value() + " "
				+ problem.problemType().type();
		if (problem.problemType() == ProblemType.INTERNAL) {
			// A bug: every one is worth its stack trace.
			logger.error(message, problem.getCause());
			return;
		}
		// Upstream trouble comes in floods: one line per problem type and interval.
		LogRateLimiter.Decision decision = this.serverErrorLog.admit(problem.problemType().name());
		if (decision.log()) {
			logger.warn(message + ": " + problem.getCause() + ((decision.suppressedBefore() > 0)
					? " (" + decision.suppressedBefore() + " more like it since the last such line)" : ""));
		}
		else if (logger.isDebugEnabled()) {
			logger.debug(message + ": " + problem.getCause());
		}
	}

	@Override
	protected Mono<ResponseEntity<Object>> handleWebExchangeBindException(WebExchangeBindException ex,
			HttpHeaders headers, HttpStatusCode status, ServerWebExchange exchange) {
		List<Map<String, String>> errors = ex.getFieldErrors()
			.stream()
			.map((error) -> Map.of("field", error.getField(), "message", String.valueOf(error.getDefaultMessage())))
			.toList();
		GatewayException problem = Problems.of(ProblemType.INVALID_REQUEST, "The request breaks the contract: "
				+ String.join("; ", errors.stream().map((e) -> e.get("field") + " " + e.get("message")).toList()));
		problem.getBody().setProperty("errors", errors);
		return Mono.just(this.responses.entity(problem, exchange));
	}

	@Override
	protected Mono<ResponseEntity<Object>> handleServerWebInputException(ServerWebInputException ex,
			HttpHeaders headers, HttpStatusCode status, ServerWebExchange exchange) {
		// Bad JSON, wrong types, a missing body: the reason is Jackson's, without echoing
		// input.
		return Mono.just(
				this.responses.entity(Problems.of(ProblemType.INVALID_REQUEST, InputFailures.describe(ex)), exchange));
	}

	/**
	 * Our own problems are {@link ErrorResponseException}s too, which Spring would take
	 * for its own: they are answered as every other failure is.
	 */
	@Override
	protected Mono<ResponseEntity<Object>> handleErrorResponseException(ErrorResponseException ex, HttpHeaders headers,
			HttpStatusCode status, ServerWebExchange exchange) {
		if (ex instanceof GatewayException problem) {
			return handleFailure(problem, exchange);
		}
		return super.handleErrorResponseException(ex, headers, status, exchange);
	}

	/**
	 * Spring's own refusals (404, 405, 406, 415, ...): the request breaks the contract;
	 * the status says how, with the headers it needs ({@code Allow}, {@code Accept}).
	 */
	@Override
	protected Mono<ResponseEntity<Object>> handleExceptionInternal(Exception ex, @Nullable Object body,
			@Nullable HttpHeaders headers, HttpStatusCode status, ServerWebExchange exchange) {
		HttpStatus known = HttpStatus.resolve(status.value());
		String detail = (body instanceof ProblemDetail problem && problem.getDetail() != null) ? problem.getDetail()
				: (known != null) ? known.getReasonPhrase() : "Refused";
		return Mono.just(this.responses.entity(Problems.ofStatus(status, detail, headers), exchange));
	}

}
