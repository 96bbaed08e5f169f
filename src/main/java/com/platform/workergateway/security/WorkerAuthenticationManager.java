package com.platform.workergateway.security;

import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;

/**
 * Sends a bearer token to the mechanism it belongs to: a compact JWS ({@code eyJ...} in
 * three parts) to the JWT verifier when one is configured, anything else to the static
 * tokens. A static token must therefore not look like a JWT (docs/security.md).
 */
final class WorkerAuthenticationManager implements ReactiveAuthenticationManager {

	private final Supplier<StaticTokens> staticTokens;

	private final @Nullable ReactiveAuthenticationManager jwt;

	/**
	 * @param staticTokens the static tokens in force, current at every call (the tokens
	 * file is re-read when it changes)
	 * @param jwt the JWT verifier, if an issuer is configured
	 */
	WorkerAuthenticationManager(Supplier<StaticTokens> staticTokens, @Nullable ReactiveAuthenticationManager jwt) {
		this.staticTokens = staticTokens;
		this.jwt = jwt;
	}

	@Override
	public Mono<Authentication> authenticate(Authentication authentication) {
		String token = ((BearerTokenAuthenticationToken) authentication).getToken();
		if (this.jwt != null && looksLikeJwt(token)) {
			return this.jwt.authenticate(authentication);
		}
		return this.staticTokens.get().authenticate(authentication);
	}

	static boolean looksLikeJwt(String token) {
		return token.startsWith("eyJ") && token.chars().filter((c) -> c == '.').count() == 2;
	}

}
