package com.platform.workergateway.security;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtReactiveAuthenticationManager;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.authentication.ServerAuthenticationEntryPointFailureHandler;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.header.ReferrerPolicyServerHttpHeadersWriter.ReferrerPolicy;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;

import com.platform.workergateway.secretfile.SecretFile;
import com.platform.workergateway.secretfile.SecretFiles;
import com.platform.workergateway.web.ProblemResponses;

/**
 * The security filter chain of the worker API: every call but Actuator's and the OpenAPI
 * document's needs a bearer token (static or JWT) unless
 * {@code worker-gateway.security.enabled=false}; stateless; refusals are problems;
 * response headers for a JSON API. Worker-group confinement is {@link WorkerAccess},
 * called by the controllers.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	private static final Log logger = LogFactory.getLog(SecurityConfiguration.class);

	/** Nothing is a page: no script, frame, image or style may load from an answer. */
	static final String CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";

	/**
	 * No observations of the security filter chain. Spring Security would otherwise wrap
	 * every filter of every request in an observation (before/after the chain, the
	 * authentication, the authorization), each with three concurrent maps held for the
	 * whole of a long poll: about a third of the heap a waiting worker costs, and CPU on
	 * every request (docs/benchmarks.md). Refusals stay visible in the audit log and in
	 * {@code http.server.requests} by status.
	 */
	@Bean
	static SecurityObservationSettings securityObservationSettings() {
		return SecurityObservationSettings.noObservations();
	}

	@Bean
	AuditLog auditLog() {
		return new AuditLog();
	}

	@Bean
	TaskTokenRefusalAudit taskTokenRefusalAudit(AuditLog audit) {
		return new TaskTokenRefusalAudit(audit);
	}

	@Bean
	WorkerAccess workerAccess(SecurityProperties properties, AuditLog audit) {
		return new WorkerAccess(properties.enabled(), audit);
	}

	@Bean
	SecurityWebFilterChain workerSecurityFilterChain(ServerHttpSecurity http, SecurityProperties properties,
			ProblemResponses problemResponses, AuditLog audit, SecretFiles secretFiles) {
		SecurityProblems problems = new SecurityProblems(problemResponses, audit);
		http.csrf(ServerHttpSecurity.CsrfSpec::disable)
			.httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
			.formLogin(ServerHttpSecurity.FormLoginSpec::disable)
			.logout(ServerHttpSecurity.LogoutSpec::disable)
			.requestCache((cache) -> cache.requestCache(NoOpServerRequestCache.getInstance()))
			.securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
			.headers((headers) -> headers
				.contentSecurityPolicy((policy) -> policy.policyDirectives(CONTENT_SECURITY_POLICY))
				.referrerPolicy((referrer) -> referrer.policy(ReferrerPolicy.NO_REFERRER)))
			.exceptionHandling(
					(exceptions) -> exceptions.authenticationEntryPoint(problems).accessDeniedHandler(problems));
		if (!properties.enabled()) {
			logger.warn("Worker authentication is OFF (worker-gateway.security.enabled=false): any caller may use"
					+ " any worker group");
			return http.authorizeExchange((exchanges) -> exchanges.anyExchange().permitAll()).build();
		}
		WorkerAuthenticationManager manager = authenticationManager(properties, secretFiles);
		ServerAuthenticationEntryPointFailureHandler failures = new ServerAuthenticationEntryPointFailureHandler(
				problems);
		// A JWKS outage is a 401 like any token that cannot be verified, not a 500.
		failures.setRethrowAuthenticationServiceException(false);
		return http
			.authorizeExchange((exchanges) -> exchanges
				.pathMatchers("/actuator/health", "/actuator/health/**", "/actuator/info", "/actuator/prometheus")
				.permitAll()
				// The worker API's OpenAPI document is no secret: workers' authors read
				// it.
				.pathMatchers(HttpMethod.GET, "/v3/api-docs", "/v3/api-docs/**")
				.permitAll()
				.anyExchange()
				.authenticated())
			.oauth2ResourceServer((server) -> server.authenticationManagerResolver((exchange) -> Mono.just(manager))
				.authenticationEntryPoint(problems)
				.accessDeniedHandler(problems)
				.authenticationFailureHandler(failures))
			.build();
	}

	private static WorkerAuthenticationManager authenticationManager(SecurityProperties properties,
			SecretFiles secretFiles) {
		List<SecurityProperties.StaticToken> configured = properties.staticTokens();
		Path file = properties.staticTokensFile();
		Supplier<StaticTokens> staticTokens;
		int count;
		if (file != null) {
			// Re-read when it changes (a rotated Secret): a content that does not parse
			// is
			// refused and the tokens in force stay.
			SecretFile<StaticTokens> tokensFile = secretFiles.open("worker-tokens", file,
					(text) -> new StaticTokens(concat(configured, StaticTokensFile.parse(file, text))),
					(tokens) -> tokens.size() + " static token(s) " + tokens.names());
			staticTokens = tokensFile;
			count = tokensFile.get().size();
		}
		else {
			StaticTokens fixed = new StaticTokens(configured);
			staticTokens = () -> fixed;
			count = fixed.size();
		}
		ReactiveAuthenticationManager jwt = jwtAuthenticationManager(properties.jwt());
		logger.info("Worker authentication: " + count + " static token(s) " + staticTokens.get().names()
				+ ((jwt != null) ? ", JWTs of issuer " + properties.jwt().issuer() + " for audiences "
						+ properties.jwt().audiences() + " with " + properties.jwt().grants().size() + " grant(s)"
						: ", no JWT issuer"));
		if (count == 0 && jwt == null) {
			logger.warn("No worker credentials are configured (worker-gateway.security.static-tokens,"
					+ " static-tokens-file, jwt.issuer): every /v1 call will be refused with 401");
		}
		return new WorkerAuthenticationManager(staticTokens, jwt);
	}

	private static List<SecurityProperties.StaticToken> concat(List<SecurityProperties.StaticToken> first,
			List<SecurityProperties.StaticToken> second) {
		List<SecurityProperties.StaticToken> all = new ArrayList<>(first);
		all.addAll(second);
		return all;
	}

	private static @Nullable ReactiveAuthenticationManager jwtAuthenticationManager(SecurityProperties.Jwt jwt) {
		if (!jwt.enabled()) {
			return null;
		}
		String issuer = String.valueOf(jwt.issuer());
		NimbusReactiveJwtDecoder.JwkSetUriReactiveJwtDecoderBuilder builder = (jwt.jwkSetUri() != null)
				? NimbusReactiveJwtDecoder.withJwkSetUri(jwt.jwkSetUri().toString())
				: NimbusReactiveJwtDecoder.withIssuerLocation(issuer);
		NimbusReactiveJwtDecoder decoder = builder.jwsAlgorithms((algorithms) -> {
			algorithms.clear();
			jwt.algorithms().forEach((name) -> algorithms.add(SignatureAlgorithm.from(name)));
		}).build();
		JwtTimestampValidator timestamps = new JwtTimestampValidator(jwt.clockSkew());
		decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
				List.of(expiryRequired(), timestamps, new JwtIssuerValidator(issuer), audience(jwt.audiences()))));
		JwtReactiveAuthenticationManager manager = new JwtReactiveAuthenticationManager(decoder);
		manager.setJwtAuthenticationConverter(new JwtGrants(jwt.grants()));
		return manager;
	}

	private static OAuth2TokenValidator<Jwt> expiryRequired() {
		return (token) -> (token.getExpiresAt() != null) ? OAuth2TokenValidatorResult.success()
				: OAuth2TokenValidatorResult
					.failure(new OAuth2Error("invalid_token", "The exp claim is missing", null));
	}

	private static OAuth2TokenValidator<Jwt> audience(List<String> audiences) {
		return (token) -> (token.getAudience() != null && token.getAudience().stream().anyMatch(audiences::contains))
				? OAuth2TokenValidatorResult.success() : OAuth2TokenValidatorResult
					.failure(new OAuth2Error("invalid_token", "The aud claim is not valid", null));
	}

}
