package com.platform.workergateway.web;

import io.micrometer.context.ThreadLocalAccessor;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

/**
 * Moves the request id between the Reactor context and the logging MDC, so that automatic
 * context propagation restores it on whichever thread serves the request (an event loop,
 * a timer, the upstream client's) and clears it after. Registered through
 * {@code META-INF/services/io.micrometer.context.ThreadLocalAccessor}.
 */
public final class RequestIdThreadLocalAccessor implements ThreadLocalAccessor<String> {

	@Override
	public Object key() {
		return RequestIdFilter.CONTEXT_KEY;
	}

	@Override
	public @Nullable String getValue() {
		return MDC.get(RequestIdFilter.MDC_KEY);
	}

	@Override
	public void setValue(String value) {
		MDC.put(RequestIdFilter.MDC_KEY, value);
	}

	@Override
	public void setValue() {
		MDC.remove(RequestIdFilter.MDC_KEY);
	}

}
