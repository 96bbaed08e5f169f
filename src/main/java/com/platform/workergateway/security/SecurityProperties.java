package com.platform.workergateway.security;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Who may call the worker API, and for which worker groups (docs/security.md).
 *
 * @param enabled whether {@code /v1} calls need a bearer token; on unless explicitly
 * turned off
 * @param staticTokens static bearer tokens, by hash
 * @param staticTokensFile a file of further static tokens (YAML/JSON, or one token a
 * line), e.g. a mounted Kubernetes Secret; read at startup
 * @param jwt JWT bearer tokens verified against an issuer's keys (Kubernetes
 * ServiceAccount tokens); on when an issuer is set
 */
@Validated
@ConfigurationProperties(prefix = "worker-gateway.security", ignoreUnknownFields = false)
public record SecurityProperties(@DefaultValue("true") boolean enabled,
		@DefaultValue List<@Valid StaticToken> staticTokens, @Nullable Path staticTokensFile,
		@DefaultValue @Valid Jwt jwt) {

	/** A grant of every worker group, for admin tools. */
	public static final String ALL_GROUPS = "*";

	/**
	 * A static bearer token. Only its hash is configured: the token itself is never in
	 * configuration nor in logs.
	 *
	 * @param name who holds the token; the principal name in audit lines
	 * @param sha256 SHA-256 of the token's UTF-8 bytes, 64 hex digits
	 * @param groups worker groups the holder may use, exact names, or {@code "*"} for all
	 */
	public record StaticToken(@NotBlank @Pattern(regexp = NAME) String name,
			@NotBlank @Pattern(regexp = SHA256) String sha256, @NotEmpty List<@NotBlank String> groups) {

		static final String NAME = "[A-Za-z0-9._@:-]{1,128}";

		static final String SHA256 = "[0-9a-fA-F]{64}";

		@Override
		public String toString() {
			return "StaticToken[name=" + this.name + ", groups=" + this.groups + "]";
		}

	}

	/**
	 * JWT bearer tokens, e.g. projected Kubernetes ServiceAccount tokens.
	 *
	 * @param issuer the tokens' {@code iss}; enables JWT authentication when set
	 * @param jwkSetUri where the issuer's public keys are; discovered from the issuer's
	 * {@code /.well-known/openid-configuration} when not set
	 * @param audiences accepted {@code aud} values, at least one required with an issuer
	 * (the audience the workers' projected tokens are requested for)
	 * @param algorithms accepted signature algorithms
	 * @param clockSkew tolerance on {@code exp} and {@code nbf}
	 * @param grants worker groups granted to token subjects
	 */
	public record Jwt(@Nullable URI issuer, @Nullable URI jwkSetUri, @DefaultValue List<@NotBlank String> audiences,
			@DefaultValue("RS256") @NotEmpty List<@Pattern(regexp = "(RS|ES|PS)(256|384|512)") String> algorithms,
			@DefaultValue("30s") Duration clockSkew, @DefaultValue List<@Valid Grant> grants) {

		boolean enabled() {
			return this.issuer != null;
		}

		@AssertTrue(message = "an audience is required with an issuer")
		boolean isAudienceConfigured() {
			return this.issuer == null || !this.audiences.isEmpty();
		}

	}

	/**
	 * Worker groups granted to the holders of some JWTs: one subject ({@code sub}, for a
	 * Kubernetes ServiceAccount {@code system:serviceaccount:<namespace>:<name>}), or
	 * every ServiceAccount of a Kubernetes namespace (claim
	 * {@code kubernetes.io.namespace}).
	 *
	 * @param subject an exact {@code sub}
	 * @param namespace a Kubernetes namespace
	 * @param groups worker groups granted, exact names, or {@code "*"} for all
	 */
	public record Grant(@Nullable String subject, @Nullable String namespace, @NotEmpty List<@NotBlank String> groups) {

		@AssertTrue(message = "a grant names either a subject or a namespace")
		boolean isOneSelector() {
			return (this.subject != null) != (this.namespace != null);
		}

	}

}
