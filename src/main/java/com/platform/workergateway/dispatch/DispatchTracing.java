package com.platform.workergateway.dispatch;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import io.micrometer.tracing.Link;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.TracingObservationHandler;
import org.jspecify.annotations.Nullable;
import reactor.util.context.ContextView;

/**
 * The dispatcher's spans. An upstream poll serves whichever waiters of its group are
 * first in line when it answers, not the request that started it, so it is a trace of its
 * own ({@value #POLL}, with the upstream PollForTask call under it). When it hands a task
 * to a worker, a {@value #HAND_OFF} span in that worker's request trace links to it: from
 * a worker's trace one finds the poll that brought its task.
 */
class DispatchTracing {

	/** Name of the upstream poll observations; they exist for traces only. */
	static final String POLL = "worker.gateway.dispatch.poll.span";

	/** Name of the hand-off span in the receiving request's trace. */
	static final String HAND_OFF = "task hand-off";

	static final DispatchTracing NOOP = new DispatchTracing(ObservationRegistry.NOOP, Tracer.NOOP);

	private final ObservationRegistry observations;

	private final Tracer tracer;

	DispatchTracing(ObservationRegistry observations, Tracer tracer) {
		this.observations = observations;
		this.tracer = tracer;
	}

	/**
	 * The span of the request a poll is served in, if it is traced.
	 * @param context the poll's Reactor context
	 * @return its trace context, or {@code null}
	 */
	@Nullable TraceContext requestSpan(ContextView context) {
		Observation request = context.getOrDefault(ObservationThreadLocalAccessor.KEY, null);
		return (request != null) ? spanOf(request) : null;
	}

	/**
	 * Starts the observation of an upstream poll: a root, whatever the current thread
	 * serves.
	 * @param workerGroup the group it polls for
	 * @return the started observation, to put in the poll's Reactor context
	 */
	Observation startPoll(String workerGroup) {
		Observation poll = Observation.createNotStarted(POLL, this.observations)
			.parentObservation(null)
			.contextualName("upstream poll")
			.highCardinalityKeyValue("worker_group", workerGroup);
		// The request whose poll started it may still be the current span on this
		// thread: without a parent observation the tracer would fall back to it.
		try (Tracer.SpanInScope none = this.tracer.withSpan(null)) {
			return poll.start();
		}
	}

	void stopPoll(Observation poll, String outcome, @Nullable Throwable error) {
		poll.highCardinalityKeyValue("outcome", outcome);
		if (error != null) {
			poll.error(error);
		}
		poll.stop();
	}

	@Nullable TraceContext spanOf(Observation observation) {
		TracingObservationHandler.TracingContext tracing = observation.getContextView()
			.get(TracingObservationHandler.TracingContext.class);
		Span span = (tracing != null) ? tracing.getSpan() : null;
		return (span != null) ? span.context() : null;
	}

	/**
	 * Records, in the receiving request's trace, that a task from an upstream poll was
	 * handed to it.
	 * @param request the receiving request's span, if traced
	 * @param poll the span of the poll that brought the task, if traced
	 * @param workerGroup the group
	 */
	void handedOff(@Nullable TraceContext request, @Nullable TraceContext poll, String workerGroup) {
		if (request == null) {
			return;
		}
		Span.Builder builder = this.tracer.spanBuilder()
			.setParent(request)
			.name(HAND_OFF)
			.tag("worker_group", workerGroup);
		if (poll != null) {
			builder.addLink(new Link(poll));
		}
		builder.start().end();
	}

}
