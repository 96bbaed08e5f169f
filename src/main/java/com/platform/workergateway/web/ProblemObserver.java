package com.platform.workergateway.web;

import reactor.core.publisher.Mono;

import org.springframework.web.server.ServerWebExchange;

/**
 * Told of every failure the {@link GatewayExceptionHandler} answers as a problem, before
 * the answer is written: e.g. to audit refusals that controllers raise.
 */
@FunctionalInterface
public interface ProblemObserver {

	Mono<Void> answered(ServerWebExchange exchange, GatewayException problem);

}
