package com.platform.workergateway.emulator.wire;

import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

/**
 * One finished answer: status, serialized body, and how the call is counted.
 */
record AwsReply(int status, byte[] body, String outcome) {

	static final String OK = "ok";

	static AwsReply ok(JsonMapper json, Object output) {
		return new AwsReply(200, json.writeValueAsBytes(output), OK);
	}

	static AwsReply error(JsonMapper json, AwsErrorException error) {
		Map<String, String> body = new LinkedHashMap<>();
		body.put("__type", error.type());
		body.put("message", error.getMessage());
		return new AwsReply(error.status(), json.writeValueAsBytes(body), error.outcome());
	}

}
