package com.platform.workergateway.security;

import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.web.server.ServerWebExchange;

import com.platform.workergateway.web.GatewayException;
import com.platform.workergateway.web.ProblemResponses;
import com.platform.workergateway.web.ProblemType;
import com.platform.workergateway.web.Problems;
import com.platform.workergateway.web.RequestIdFilter;

/**
 * Answers refused calls from the security filter chain as problems, audited: 401
 * {@code unauthenticated} with a {@code WWW-Authenticate: Bearer} challenge (RFC 6750:
 * with {@code error="invalid_token"} only when a token was presented), 403
 * {@code forbidden}. The detail never says which check failed: that is in the audit log.
 */
final class SecurityProblems implements ServerAuthenticationEntryPoint, ServerAccessDeniedHandler {

	static final String REALM = "worker-gateway";

	private static final Pattern TOKEN_LIKE = Pattern.compile("[A-Za-z0-9+/_=.-]{20,}");

	private final ProblemResponses problems;

	private final AuditLog audit;

	SecurityProblems(ProblemResponses problems, AuditLog audit) {
		this.problems = problems;
		this.audit = audit;
	}

	@Override
	public Mono<Void> commence(ServerWebExchange exchange, AuthenticationException failure) {
		String error = errorCode(exchange, failure);
		GatewayException problem = Problems.of(ProblemType.UNAUTHENTICATED,
				(error != null) ? "The bearer token is invalid, expired or not accepted here"
						: "A bearer token is required (Authorization: Bearer <token>)");
		problem.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, challenge(error));
		closeIfBodyUnread(exchange, problem);
		this.audit.log(new AuditLog.Event("denied", "unauthenticated", "anonymous", null, path(exchange), null, null,
				reason(failure, error), RequestIdFilter.requestId(exchange)));
		return this.problems.write(exchange, problem);
	}

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, AccessDeniedException denied) {
		return exchange.getPrincipal()
			.map((principal) -> principal.getName())
			.defaultIfEmpty("anonymous")
			.flatMap((principal) -> {
				this.audit.log(new AuditLog.Event("denied", "forbidden", principal, null, path(exchange), null, null,
						"access denied by the security filter chain", RequestIdFilter.requestId(exchange)));
				GatewayException problem = Problems.of(ProblemType.FORBIDDEN,
						"These credentials may not make this call");
				closeIfBodyUnread(exchange, problem);
				return this.problems.write(exchange, problem);
			});
	}

	/**
	 * A refusal is answered before the request's body is read. As with the body filter's
	 * refusals, the connection is then closed rather than kept for another request: a
	 * kept-alive connection whose previous body was left unread was seen to stall the
	 * next request on it until the client gave up.
	 */
	private static void closeIfBodyUnread(ServerWebExchange exchange, GatewayException problem) {
		HttpHeaders headers = exchange.getRequest().getHeaders();
		if (headers.getContentLength() > 0 || headers.containsHeader(HttpHeaders.TRANSFER_ENCODING)) {
			problem.getHeaders().set(HttpHeaders.CONNECTION, "close");
		}
	}

	private static String challenge(@Nullable String error) {
		String challenge = "Bearer realm=\"" + REALM + "\"";
		if (error != null) {
			challenge += ", error=\"" + error + "\"";
		}
		return challenge;
	}

	/**
	 * {@code invalid_token} or {@code invalid_request} when a token was presented (or a
	 * malformed {@code Authorization} header), {@code null} when none was.
	 */
	private static @Nullable String errorCode(ServerWebExchange exchange, AuthenticationException failure) {
		if (failure instanceof OAuth2AuthenticationException oauth) {
			return oauth.getError().getErrorCode();
		}
		String authorization = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
		return (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) ? "invalid_token"
				: null;
	}

	/**
	 * Why, from the failure's type and OAuth error code only: messages of JWT libraries
	 * may quote parts of the token.
	 */
	private static String reason(AuthenticationException failure, @Nullable String error) {
		String kind = failure.getClass().getSimpleName();
		if (error == null) {
			return "no bearer token (" + kind + ")";
		}
		String description = (failure instanceof OAuth2AuthenticationException oauth)
				? oauth.getError().getDescription() : null;
		return error + " (" + kind + ((description != null) ? ": " + safe(description) : "") + ")";
	}

	/**
	 * A library's description, with anything shaped like token material (long base64url
	 * runs) masked, and cut short: descriptions may quote parts of the token.
	 */
	private static String safe(String description) {
		String masked = TOKEN_LIKE.matcher(description).replaceAll("[masked]");
		return (masked.length() > 200) ? masked.substring(0, 200) + "..." : masked;
	}

	private static String path(ServerWebExchange exchange) {
		return exchange.getRequest().getPath().value();
	}

}
