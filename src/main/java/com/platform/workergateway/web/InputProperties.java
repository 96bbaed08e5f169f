package com.platform.workergateway.web;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Limits on what a worker may send, so that hostile or broken input costs the gateway
 * little (issue 4). Header sizes are Spring Boot's
 * {@code server.max-http-request-header-size} and
 * {@code server.netty.max-initial-line-length}; the wait for the next request on a
 * kept-alive connection is {@code server.netty.idle-timeout}.
 *
 * @param maxBodySize largest request body; a larger one is answered 413
 * {@code payload-too-large} without reading further (refused on its
 * {@code Content-Length} before any byte is read when it declares one). The largest
 * legitimate body, a status report with long error text, is far below the default
 * @param maxJsonNestingDepth deepest nesting of JSON objects and arrays; the contract
 * needs 4
 * @param bodyReadTimeout longest time to receive a whole request body once its headers
 * arrived (slow clients): answered 408 {@code request-timeout}, and the connection closed
 * @param bodyIdleTimeout longest pause between two reads of a request body; answered as
 * the read timeout
 */
@Validated
@ConfigurationProperties(prefix = "worker-gateway.input", ignoreUnknownFields = false)
public record InputProperties(@DefaultValue("256KB") DataSize maxBodySize,
		@DefaultValue("16") @Min(4) @Max(1000) int maxJsonNestingDepth, @DefaultValue("30s") Duration bodyReadTimeout,
		@DefaultValue("10s") Duration bodyIdleTimeout) {

	/** Longest JSON number, in characters: no field of the contract is a number. */
	static final int MAX_JSON_NUMBER_LENGTH = 64;

	/** Longest JSON member name, in characters: the contract's are short. */
	static final int MAX_JSON_NAME_LENGTH = 256;

	public InputProperties {
		if (maxBodySize.toBytes() < 1024 || maxBodySize.toBytes() > Integer.MAX_VALUE) {
			throw new IllegalArgumentException("worker-gateway.input.max-body-size must be 1KB to 2GB");
		}
	}

	int maxBodyBytes() {
		return (int) this.maxBodySize.toBytes();
	}

}
