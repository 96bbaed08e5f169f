package com.platform.workergateway.security;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * A stand-in for a Kubernetes API server's OIDC keys: serves the JWKS of an RSA key made
 * for the test, and signs ServiceAccount-shaped tokens with it (or with a key it does not
 * publish).
 */
final class JwksServer {

	static final String ISSUER = "https://kubernetes.default.svc.cluster.local";

	static final String AUDIENCE = "worker-gateway";

	private final RSAKey key;

	private final RSAKey unpublished;

	private final DisposableServer server;

	private JwksServer() {
		try {
			this.key = new RSAKeyGenerator(2048).keyID("test-key").generate();
			this.unpublished = new RSAKeyGenerator(2048).keyID("test-key").generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
		String jwks = new JWKSet(this.key.toPublicJWK()).toString();
		this.server = HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.route((routes) -> routes.get("/openid/v1/jwks",
					(request, response) -> response.header("Content-Type", "application/json")
						.sendString(Mono.just(jwks))))
			.bindNow();
	}

	static JwksServer start() {
		return new JwksServer();
	}

	String jwksUri() {
		return "http://127.0.0.1:" + this.server.port() + "/openid/v1/jwks";
	}

	/** The private parts of the keys, which must never be logged. */
	List<String> secrets() {
		return List.of(this.key.getPrivateExponent().toString(), this.unpublished.getPrivateExponent().toString());
	}

	/** A valid ServiceAccount token of the namespace and account. */
	String serviceAccountToken(String namespace, String serviceAccount) {
		return sign(this.key, claims(namespace, serviceAccount).build());
	}

	String expired(String namespace, String serviceAccount) {
		Instant past = Instant.now().minus(Duration.ofHours(2));
		return sign(this.key,
				claims(namespace, serviceAccount).issueTime(Date.from(past))
					.notBeforeTime(Date.from(past))
					.expirationTime(Date.from(past.plus(Duration.ofMinutes(10))))
					.build());
	}

	String withAudience(String namespace, String serviceAccount, String audience) {
		return sign(this.key, claims(namespace, serviceAccount).audience(List.of(audience)).build());
	}

	String withIssuer(String namespace, String serviceAccount, String issuer) {
		return sign(this.key, claims(namespace, serviceAccount).issuer(issuer).build());
	}

	/** Signed with a key that the JWKS does not have, under the same key id. */
	String forged(String namespace, String serviceAccount) {
		return sign(this.unpublished, claims(namespace, serviceAccount).build());
	}

	private static JWTClaimsSet.Builder claims(String namespace, String serviceAccount) {
		Instant now = Instant.now();
		return new JWTClaimsSet.Builder().issuer(ISSUER)
			.audience(List.of(AUDIENCE))
			.subject("system:serviceaccount:" + namespace + ":" + serviceAccount)
			.issueTime(Date.from(now))
			.notBeforeTime(Date.from(now))
			.expirationTime(Date.from(now.plus(Duration.ofMinutes(10))))
			.claim("kubernetes.io", Map.of("namespace", namespace, "serviceaccount",
					Map.of("name", serviceAccount, "uid", "6f1f5d0e-0000-4000-8000-000000000001")));
	}

	private static String sign(RSAKey key, JWTClaimsSet claims) {
		try {
			SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
					claims);
			jwt.sign(new RSASSASigner(key));
			return jwt.serialize();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
