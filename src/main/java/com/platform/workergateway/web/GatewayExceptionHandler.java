package com.platform.workergateway.web;

import java.net.URI;
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
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.bind.support.WebExchangeBindException;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;

/**
 * Turns every failure of the worker API into an RFC 9457 problem with a stable type and
 * the request id. Client mistakes are 400 {@code invalid-request}; failures of the
 * dispatch and upstream layers go through the {@link UpstreamErrorTranslator}.
 */
@RestControllerAdvice
public class GatewayExceptionHandler extends ResponseEntityExceptionHandler {

	private static final Log logger = LogFactory.getLog(GatewayExceptionHandler.class);

	private static final URI ABOUT_BLANK = URI.create("about:blank");

	private final UpstreamErrorTranslator translator;

	private static final Duration SERVER_ERROR_LOG_INTERVAL = Duration.ofSeconds(10);

	private final ObjectProvider<ProblemObserver> observers;

	private final LogRateLimiter serverErrorLog = new LogRateLimiter(SERVER_ERROR_LOG_INTERVAL, System::nanoTime);

	public GatewayExceptionHandler(UpstreamErrorTranslator translator, ObjectProvider<ProblemObserver> observers) {
		this.translator = translator;
		this.observers = observers;
	}

	@ExceptionHandler
	Mono<ResponseEntity<Object>> handleFailure(Throwable failure, ServerWebExchange exchange) {
		GatewayException problem = this.translator.translate(failure);
		if (problem.getStatusCode().is5xxServerError()) {
			logServerError(problem, exchange);
		}
		return Flux.fromStream(this.observers::orderedStream)
			.concatMap((observer) -> observer.answered(exchange, problem))
			.then(Mono.defer(() -> handleExceptionInternal(problem, null, problem.getHeaders(), problem.getStatusCode(),
					exchange)));
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
		ProblemDetail problem = invalidRequest("The request breaks the contract: "
				+ String.join("; ", errors.stream().map((e) -> e.get("field") + " " + e.get("message")).toList()));
		problem.setProperty("errors", errors);
		return handleExceptionInternal(ex, problem, headers, status, exchange);
	}

	@Override
	protected Mono<ResponseEntity<Object>> handleServerWebInputException(ServerWebInputException ex,
			HttpHeaders headers, HttpStatusCode status, ServerWebExchange exchange) {
		// Bad JSON, wrong types, a missing body: the reason is Jackson's, without echoing
		// input.
		ProblemDetail problem = invalidRequest(InputFailures.describe(ex));
		return handleExceptionInternal(ex, problem, headers, status, exchange);
	}

	private static ProblemDetail invalidRequest(String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(ProblemType.INVALID_REQUEST.status(), detail);
		problem.setType(ProblemType.INVALID_REQUEST.type());
		problem.setTitle(ProblemType.INVALID_REQUEST.title());
		return problem;
	}

	@Override
	protected Mono<ResponseEntity<Object>> handleExceptionInternal(Exception ex, @Nullable Object body,
			@Nullable HttpHeaders headers, HttpStatusCode status, ServerWebExchange exchange) {
		return super.handleExceptionInternal(ex, body, headers, status, exchange).map((response) -> {
			if (response.getBody() instanceof ProblemDetail problem) {
				problem.setProperty("requestId", RequestIdFilter.requestId(exchange));
				if (problem.getType() == null || ABOUT_BLANK.equals(problem.getType())) {
					// Spring's own client errors (404, 405, 406, 415): the request breaks
					// the contract; the status says how.
					problem.setType(
							(status.is4xxClientError() ? ProblemType.INVALID_REQUEST : ProblemType.INTERNAL).type());
				}
			}
			return response;
		});
	}

}
