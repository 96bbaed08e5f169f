package com.platform.workergateway.emulator.wire;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.web.reactive.function.server.ServerRequest;

/**
 * Refuses requests that are not signed with SigV4 for the emulator's credentials, with
 * AWS's error names, in the service's order: first the shape a signing client always
 * produces (algorithm,
 * {@code Credential=<key>/<yyyyMMdd>/<region>/datapipeline/aws4_request},
 * {@code SignedHeaders}, {@code Signature}, an {@code X-Amz-Date} or {@code Date}), then
 * the access key, the clock skew and the signature itself ({@link SigV4Signature}).
 */
final class SigV4Authorization {

	static final String SERVICE = "datapipeline";

	private static final String ALGORITHM = "AWS4-HMAC-SHA256";

	private static final String INCOMPLETE = "IncompleteSignatureException";

	private final SigV4Signature signature;

	SigV4Authorization(SigV4Signature signature) {
		this.signature = signature;
	}

	void check(ServerRequest request, byte[] body) {
		ServerRequest.Headers headers = request.headers();
		String authorization = headers.firstHeader("Authorization");
		if (authorization == null || authorization.isBlank()) {
			throw AwsErrorException.authentication("MissingAuthenticationTokenException",
					"Missing Authentication Token");
		}
		if (!authorization.startsWith(ALGORITHM + " ")) {
			throw incomplete("Unsupported Authorization Type: the algorithm must be " + ALGORITHM + ".");
		}
		Map<String, String> parameters = parameters(authorization.substring(ALGORITHM.length() + 1));
		StringBuilder missing = new StringBuilder();
		for (String required : new String[] { "Credential", "SignedHeaders", "Signature" }) {
			if (parameters.getOrDefault(required, "").isEmpty()) {
				missing.append("Authorization header requires '").append(required).append("' parameter. ");
			}
		}
		if (headers.firstHeader("X-Amz-Date") == null && headers.firstHeader("Date") == null) {
			missing.append("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ");
		}
		if (!missing.isEmpty()) {
			throw incomplete(missing.toString().trim());
		}
		String[] scope = checkScope(parameters.get("Credential"));
		this.signature.verify(request, body, parameters, scope);
	}

	private static String[] checkScope(@Nullable String credential) {
		String[] scope = (credential != null) ? credential.split("/", -1) : new String[0];
		if (scope.length != 5 || scope[0].isEmpty() || scope[2].isEmpty()) {
			throw incomplete(
					"Credential must have the form <access key>/<yyyyMMdd>/<region>/" + SERVICE + "/aws4_request.");
		}
		if (!scope[1].matches("\\d{8}")) {
			throw incomplete("Credential should be scoped to a valid date (yyyyMMdd), not '" + scope[1] + "'.");
		}
		if (!"aws4_request".equals(scope[4])) {
			throw incomplete(
					"Credential should be scoped with a valid terminator: 'aws4_request', not '" + scope[4] + "'.");
		}
		if (!SERVICE.equals(scope[3])) {
			throw AwsErrorException.authentication("InvalidSignatureException",
					"Credential should be scoped to correct service: '" + SERVICE + "'.");
		}
		return scope;
	}

	private static Map<String, String> parameters(String list) {
		Map<String, String> parameters = new LinkedHashMap<>();
		for (String part : list.split(",")) {
			int equals = part.indexOf('=');
			if (equals > 0) {
				parameters.put(part.substring(0, equals).trim(), part.substring(equals + 1).trim());
			}
		}
		return parameters;
	}

	private static AwsErrorException incomplete(String message) {
		return AwsErrorException.authentication(INCOMPLETE, message);
	}

}
