package com.platform.workergateway;

import java.util.Comparator;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.metrics.buffering.BufferingApplicationStartup;
import org.springframework.boot.context.metrics.buffering.StartupTimeline;

/**
 * Where start-up time goes, on request: with {@code -Dworker-gateway.startup-steps=N} the
 * application records Spring's start-up steps (bean instantiation, configuration class
 * parsing, context refresh, ...) and logs the N slowest once it has started. Off by
 * default: recording every step costs memory and time of its own.
 */
final class StartupSteps {

	static final String PROPERTY = "worker-gateway.startup-steps";

	private static final Log logger = LogFactory.getLog(StartupSteps.class);

	private StartupSteps() {
	}

	/**
	 * Records the steps when asked to.
	 * @return the recorder, or null when not asked
	 */
	static @Nullable BufferingApplicationStartup recordIfAsked(SpringApplication application) {
		if (Integer.getInteger(PROPERTY, 0) <= 0) {
			return null;
		}
		BufferingApplicationStartup startup = new BufferingApplicationStartup(100_000);
		application.setApplicationStartup(startup);
		return startup;
	}

	/**
	 * Logs the slowest steps (their own time includes their nested steps').
	 */
	static void logSlowest(BufferingApplicationStartup startup) {
		StartupTimeline timeline = startup.getBufferedTimeline();
		List<StartupTimeline.TimelineEvent> events = timeline.getEvents();
		StringBuilder out = new StringBuilder("Start-up steps: " + events.size() + " recorded; the slowest:");
		events.stream()
			.sorted(Comparator.comparing(StartupTimeline.TimelineEvent::getDuration).reversed())
			.limit(Integer.getInteger(PROPERTY, 0))
			.forEach((event) -> out.append(String.format("%n  %6d ms  %s %s", event.getDuration().toMillis(),
					event.getStartupStep().getName(), tags(event))));
		logger.info(out);
	}

	private static String tags(StartupTimeline.TimelineEvent event) {
		StringBuilder tags = new StringBuilder();
		event.getStartupStep()
			.getTags()
			.forEach((tag) -> tags.append(tag.getKey()).append('=').append(tag.getValue()).append(' '));
		return tags.toString().trim();
	}

}
