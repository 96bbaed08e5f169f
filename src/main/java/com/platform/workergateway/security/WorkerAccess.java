package com.platform.workergateway.security;

import java.util.Optional;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.util.context.ContextView;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.web.server.ServerWebExchange;

import com.platform.workergateway.task.TaskToken;
import com.platform.workergateway.web.GatewayException;
import com.platform.workergateway.web.ProblemType;
import com.platform.workergateway.web.Problems;
import com.platform.workergateway.web.RequestIdFilter;

/**
 * Confines each caller to its worker groups. Authentication happens in the filter chain;
 * which worker group a call concerns is only known from its body, so each controller
 * method asks here, once, before anything goes upstream: a refusal is a 403
 * {@code forbidden} problem and an audit line.
 */
public class WorkerAccess {

	private static final String ANONYMOUS = "anonymous";

	private final boolean enabled;

	private final AuditLog audit;

	WorkerAccess(boolean enabled, AuditLog audit) {
		this.enabled = enabled;
		this.audit = audit;
	}

	/**
	 * Completes when the caller may use the worker group, fails with a 403 problem when
	 * not. A call that names no worker group (a heartbeat without one) needs only an
	 * authenticated caller.
	 * @param workerGroup the worker group the call is for
	 * @return completion, or the refusal
	 */
	public Mono<Void> check(@Nullable String workerGroup) {
		return authorize(workerGroup, null).then();
	}

	/**
	 * Completes when the caller may use the worker group the task was polled for.
	 * @param task the decoded task token
	 * @return completion, or the refusal
	 */
	public Mono<Void> check(TaskToken task) {
		return authorize(task.workerGroup(), task.taskId()).then();
	}

	/**
	 * Checks the task's worker group, then makes the status report and audits it with its
	 * outcome ({@code reported}, or the problem type it ended with).
	 * @param <T> the answer
	 * @param task the decoded task token
	 * @param taskStatus the status reported
	 * @param report the report, subscribed to only when allowed
	 * @return the report's answer, or the refusal
	 */
	public <T> Mono<T> reportStatus(TaskToken task, String taskStatus, Supplier<Mono<T>> report) {
		return authorize(task.workerGroup(), task.taskId()).flatMap((caller) -> Mono.defer(report)
			.doOnSuccess((answer) -> auditStatus(caller, task, taskStatus, "reported"))
			.doOnError((failure) -> auditStatus(caller, task, taskStatus, slug(failure))));
	}

	private Mono<Caller> authorize(@Nullable String workerGroup, @Nullable String taskId) {
		return Mono.deferContextual((context) -> ReactiveSecurityContextHolder.getContext()
			.mapNotNull(SecurityContext::getAuthentication)
			.map(Optional::of)
			.defaultIfEmpty(Optional.empty())
			.flatMap((authentication) -> {
				Caller caller = Caller.of(authentication.orElse(null), context);
				if (!this.enabled || allows(authentication.orElse(null), workerGroup)) {
					return Mono.just(caller);
				}
				return Mono.error(denied(caller, workerGroup, taskId));
			}));
	}

	private static boolean allows(@Nullable Authentication authentication, @Nullable String workerGroup) {
		return authentication instanceof WorkerAuthentication worker
				&& (workerGroup == null || worker.allows(workerGroup));
	}

	private GatewayException denied(Caller caller, @Nullable String workerGroup, @Nullable String taskId) {
		this.audit.log(new AuditLog.Event("denied", "forbidden", caller.principal(), caller.mechanism(),
				caller.operation(), workerGroup, taskId,
				(taskId != null) ? "task of a worker group not granted" : "worker group not granted",
				caller.requestId()));
		return Problems.of(ProblemType.FORBIDDEN,
				(taskId != null) ? "These credentials may not report on tasks of this worker group"
						: "These credentials may not use this worker group");
	}

	private void auditStatus(Caller caller, TaskToken task, String taskStatus, String outcome) {
		this.audit.log(new AuditLog.Event("task-status", outcome, caller.principal(), caller.mechanism(),
				caller.operation(), task.workerGroup(), task.taskId(), taskStatus, caller.requestId()));
	}

	private static String slug(Throwable failure) {
		return Problems.from(failure).problemType().slug();
	}

	private record Caller(String principal, @Nullable String mechanism, String operation, String requestId) {

		static Caller of(@Nullable Authentication authentication, ContextView context) {
			Optional<ServerWebExchange> exchange = context.getOrEmpty(ServerWebExchange.class);
			return new Caller((authentication != null) ? authentication.getName() : ANONYMOUS,
					(authentication instanceof WorkerAuthentication worker) ? worker.mechanism() : null,
					exchange.map((it) -> it.getRequest().getPath().value()).orElse("-"),
					exchange.map(RequestIdFilter::requestId).orElse("-"));
		}

	}

}
