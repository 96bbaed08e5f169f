package com.platform.workergateway.poll;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.epoll.Epoll;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Tells, at start-up in the log and as the gauge
 * {@code worker_gateway_answer_delivery_detection} (1 active, 0 not), whether answers
 * that died in a worker's socket can be detected (ADR 0004): that needs Netty's native
 * epoll transport, which Reactor Netty uses when its library for this platform
 * (linux-x86_64 or linux-aarch_64) loads. Without it the gateway works, but a task whose
 * worker never read the answer waits for Data Pipeline's re-assignment.
 */
final class AnswerDeliveryDetection {

	private static final Log logger = LogFactory.getLog(AnswerDeliveryDetection.class);

	private final boolean active;

	AnswerDeliveryDetection(MeterRegistry registry) {
		// Reactor Netty's switch for native transports (on unless turned off).
		boolean nativeAllowed = Boolean.parseBoolean(System.getProperty("reactor.netty.native", "true"));
		this.active = nativeAllowed && Epoll.isAvailable();
		Gauge.builder("worker_gateway_answer_delivery_detection", () -> this.active ? 1 : 0)
			.description("1 when answers a worker never read are detected and handed to the next worker (ADR 0004)")
			.register(registry);
		if (this.active) {
			logger.info("Answer-delivery detection is active (native epoll transport on " + platform() + ")");
		}
		else {
			Throwable cause = Epoll.unavailabilityCause();
			logger
				.warn("Answer-delivery detection is OFF on " + platform() + ": "
						+ (nativeAllowed ? "the native epoll transport is unavailable (" + ((cause != null)
								? cause.getClass().getSimpleName() + ": " + cause.getMessage() : "unknown") + ")"
								: "reactor.netty.native=false")
						+ "; a task whose worker never read its answer waits for Data Pipeline's re-assignment");
		}
	}

	boolean active() {
		return this.active;
	}

	private static String platform() {
		return System.getProperty("os.name") + "/" + System.getProperty("os.arch");
	}

}
