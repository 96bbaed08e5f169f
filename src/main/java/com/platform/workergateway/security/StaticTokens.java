package com.platform.workergateway.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;

/**
 * Authenticates static bearer tokens against their configured SHA-256 hashes. Every hash
 * is compared, in constant time, whatever matched: the time taken says nothing about
 * which token or how much of it was right.
 */
final class StaticTokens implements ReactiveAuthenticationManager {

	static final String MECHANISM = "static-token";

	private final List<Entry> entries;

	StaticTokens(List<SecurityProperties.StaticToken> tokens) {
		this.entries = tokens.stream()
			.map((token) -> new Entry(token.name(), HexFormat.of().parseHex(token.sha256()), token.groups()))
			.toList();
	}

	int size() {
		return this.entries.size();
	}

	/**
	 * @return the tokens' names and groups (never a hash), for logs
	 */
	List<String> names() {
		return this.entries.stream().map((entry) -> entry.name() + entry.groups()).toList();
	}

	@Override
	public Mono<Authentication> authenticate(Authentication authentication) {
		String token = ((BearerTokenAuthenticationToken) authentication).getToken();
		WorkerAuthentication worker = match(token);
		return (worker != null) ? Mono.just(worker)
				: Mono.error(new InvalidBearerTokenException("The bearer token is not valid"));
	}

	@Nullable WorkerAuthentication match(String token) {
		byte[] presented = sha256(token);
		Entry matched = null;
		for (Entry entry : this.entries) {
			if (MessageDigest.isEqual(entry.sha256(), presented) && matched == null) {
				matched = entry;
			}
		}
		return (matched != null) ? new WorkerAuthentication(matched.name(), MECHANISM, matched.groups()) : null;
	}

	static byte[] sha256(String token) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private record Entry(String name, byte[] sha256, List<String> groups) {

	}

}
