package com.platform.workergateway.security;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.web.server.ServerWebExchange;

import com.platform.workergateway.task.InvalidTaskTokenException;
import com.platform.workergateway.web.GatewayException;
import com.platform.workergateway.web.ProblemObserver;
import com.platform.workergateway.web.ProblemType;
import com.platform.workergateway.web.RequestIdFilter;

/**
 * Audits the refusals that happen before {@link WorkerAccess} is asked: a task token that
 * this gateway did not sign, or that was altered (403 {@code forbidden}).
 */
final class TaskTokenRefusalAudit implements ProblemObserver {

	private final AuditLog audit;

	TaskTokenRefusalAudit(AuditLog audit) {
		this.audit = audit;
	}

	@Override
	public Mono<Void> answered(ServerWebExchange exchange, GatewayException problem) {
		if (problem.problemType() != ProblemType.FORBIDDEN
				|| !(problem.getCause() instanceof InvalidTaskTokenException)) {
			return Mono.empty();
		}
		return exchange.getPrincipal()
			.doOnNext((principal) -> log(exchange, principal.getName(),
					(principal instanceof WorkerAuthentication worker) ? worker.mechanism() : null))
			.switchIfEmpty(Mono.fromRunnable(() -> log(exchange, "anonymous", null)))
			.then();
	}

	private void log(ServerWebExchange exchange, String principal, @Nullable String mechanism) {
		this.audit.log(new AuditLog.Event("denied", "forbidden", principal, mechanism,
				exchange.getRequest().getPath().value(), null, null,
				"task token not signed by this gateway, or altered", RequestIdFilter.requestId(exchange)));
	}

}
