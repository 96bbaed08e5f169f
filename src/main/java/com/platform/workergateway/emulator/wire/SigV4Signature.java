package com.platform.workergateway.emulator.wire;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

import org.springframework.web.reactive.function.server.ServerRequest;

/**
 * Verifies a request's SigV4 signature for the emulator's credentials, the way the
 * service does: the request as it arrived (method, path, query, the headers it names as
 * signed, the body) is signed again with the AWS SDK's own signer at the request's own
 * {@code X-Amz-Date}, and the two signatures must be equal. So anything that changes a
 * signed header, the path or the body on the way (a codec, a filter, a re-sent body)
 * fails as it would against AWS: {@code InvalidSignatureException}, 400.
 * <p>
 * Deliberately the SDK's signer and not a canonicalisation of our own: a hand-written one
 * could share a mistake with the client it checks.
 */
final class SigV4Signature {

	private static final AwsV4HttpSigner SIGNER = AwsV4HttpSigner.create();

	private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
		.withZone(ZoneOffset.UTC);

	/**
	 * The service's allowed clock skew between the signature's date and its own clock.
	 */
	private static final Duration MAX_SKEW = Duration.ofMinutes(15);

	private static final String MISMATCH = "The request signature we calculated does not match the signature you "
			+ "provided. Check your AWS Secret Access Key and signing method. Consult the service documentation "
			+ "for details.";

	private final AwsCredentialsIdentity credentials;

	private final Clock clock;

	SigV4Signature(String accessKeyId, String secretAccessKey, Clock clock) {
		this.credentials = AwsCredentialsIdentity.create(accessKeyId, secretAccessKey);
		this.clock = clock;
	}

	/**
	 * Checks the signature of a request whose Authorization header is well formed.
	 * @param request the request as received
	 * @param body its body as received
	 * @param authorization the Authorization header's parameters ({@code Credential},
	 * {@code SignedHeaders}, {@code Signature})
	 * @param scope the credential scope, split at {@code /}: key, date, region, service,
	 * terminator
	 */
	void verify(ServerRequest request, byte[] body, Map<String, String> authorization, String[] scope) {
		if (!this.credentials.accessKeyId().equals(scope[0])) {
			throw AwsErrorException.authentication("UnrecognizedClientException",
					"The security token included in the request is invalid.");
		}
		String amzDate = request.headers().firstHeader("X-Amz-Date");
		if (amzDate == null) {
			// A Date header alone is accepted by the service, but every SDK signs
			// X-Amz-Date; the emulator does not re-sign the other form.
			throw invalid(MISMATCH);
		}
		Instant signedAt = signedAt(amzDate);
		checkSkew(amzDate, signedAt);
		String expected = signature(request, body, authorization.get("SignedHeaders"), scope[2], signedAt);
		byte[] provided = authorization.get("Signature").getBytes(StandardCharsets.US_ASCII);
		if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), provided)) {
			throw invalid(MISMATCH);
		}
	}

	private String signature(ServerRequest request, byte[] body, String signedHeaders, String region,
			Instant signedAt) {
		SdkHttpFullRequest.Builder received = SdkHttpFullRequest.builder()
			.method(SdkHttpMethod.fromValue(request.method().name()))
			.protocol("http")
			.host("localhost")
			.encodedPath(request.uri().getRawPath());
		request.queryParams().forEach(received::putRawQueryParameter);
		for (String name : signedHeaders.split(";")) {
			List<String> values = request.headers().header(name);
			if (!values.isEmpty()) {
				received.putHeader(name, values);
			}
		}
		SignedRequest signed = SIGNER.sign((sign) -> sign.identity(this.credentials)
			.request(received.build())
			.payload(ContentStreamProvider.fromByteArrayUnsafe(body))
			.putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, SigV4Authorization.SERVICE)
			.putProperty(AwsV4HttpSigner.REGION_NAME, region)
			.putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(signedAt, ZoneOffset.UTC)));
		String header = signed.request().firstMatchingHeader("Authorization").orElse("");
		return header.substring(header.lastIndexOf("Signature=") + "Signature=".length());
	}

	private static Instant signedAt(String amzDate) {
		try {
			return Instant.from(AMZ_DATE.parse(amzDate));
		}
		catch (DateTimeParseException ex) {
			throw AwsErrorException.authentication("IncompleteSignatureException",
					"Date must be in ISO-8601 'basic format'. Got '" + amzDate + "'. See "
							+ "http://en.wikipedia.org/wiki/ISO_8601");
		}
	}

	private void checkSkew(String amzDate, Instant signedAt) {
		Instant now = this.clock.instant();
		if (signedAt.isBefore(now.minus(MAX_SKEW))) {
			throw invalid("Signature expired: " + amzDate + " is now earlier than "
					+ AMZ_DATE.format(now.minus(MAX_SKEW)) + " (" + AMZ_DATE.format(now) + " - 15 min.)");
		}
		if (signedAt.isAfter(now.plus(MAX_SKEW))) {
			throw invalid("Signature not yet current: " + amzDate + " is still later than "
					+ AMZ_DATE.format(now.plus(MAX_SKEW)) + " (" + AMZ_DATE.format(now) + " + 15 min.)");
		}
	}

	private static AwsErrorException invalid(String message) {
		return AwsErrorException.authentication("InvalidSignatureException", message);
	}

}
