package com.platform.workergateway.security;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Turns a verified JWT into a {@link WorkerAuthentication}: the principal is its
 * {@code sub}, the worker groups those granted to that subject or to its Kubernetes
 * namespace. A verified token with no grant authenticates but may use no worker group
 * (403).
 * <p>
 * A Kubernetes ServiceAccount token has {@code sub}
 * {@code system:serviceaccount:<namespace>:<name>} and a {@code kubernetes.io} claim with
 * {@code namespace} and {@code serviceaccount.name}.
 */
final class JwtGrants implements Converter<Jwt, Mono<AbstractAuthenticationToken>> {

	static final String MECHANISM = "jwt";

	private static final String SERVICE_ACCOUNT_PREFIX = "system:serviceaccount:";

	private final List<SecurityProperties.Grant> grants;

	JwtGrants(List<SecurityProperties.Grant> grants) {
		this.grants = List.copyOf(grants);
	}

	@Override
	public Mono<AbstractAuthenticationToken> convert(Jwt jwt) {
		String subject = (jwt.getSubject() != null) ? jwt.getSubject() : "";
		String namespace = namespace(jwt, subject);
		Set<String> groups = new LinkedHashSet<>();
		for (SecurityProperties.Grant grant : this.grants) {
			if (subject.equals(grant.subject()) || (namespace != null && namespace.equals(grant.namespace()))) {
				groups.addAll(grant.groups());
			}
		}
		return Mono
			.just(new WorkerAuthentication(subject.isEmpty() ? "jwt-without-subject" : subject, MECHANISM, groups));
	}

	private static @Nullable String namespace(Jwt jwt, String subject) {
		if (jwt.getClaims().get("kubernetes.io") instanceof Map<?, ?> kubernetes
				&& kubernetes.get("namespace") instanceof String namespace) {
			return namespace;
		}
		if (subject.startsWith(SERVICE_ACCOUNT_PREFIX)) {
			String rest = subject.substring(SERVICE_ACCOUNT_PREFIX.length());
			int colon = rest.indexOf(':');
			return (colon > 0) ? rest.substring(0, colon) : null;
		}
		return null;
	}

}
