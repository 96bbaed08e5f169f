package com.platform.workergateway;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;

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
 * <p>
 * Steps nest (a bean's step contains the steps of the beans it needs), so a step's own
 * time is what ranks them: its duration less that of its direct children. Sorting by the
 * total put the context refresh and the first bean of every dependency chain on top and
 * said nothing about which bean was slow. Both times are wall-clock: on a busy machine
 * they include time the main thread waited for a core.
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
	 * Logs the steps with the most time of their own (without their nested steps'), with
	 * their total beside it.
	 */
	static void logSlowest(BufferingApplicationStartup startup) {
		logger.info(slowest(startup.getBufferedTimeline(), Integer.getInteger(PROPERTY, 0)));
	}

	/** The report: the {@code limit} steps with the most time of their own. */
	static String slowest(StartupTimeline timeline, int limit) {
		List<StartupTimeline.TimelineEvent> events = timeline.getEvents();
		Map<Long, Long> nestedNanos = new HashMap<>();
		for (StartupTimeline.TimelineEvent event : events) {
			Long parent = event.getStartupStep().getParentId();
			if (parent != null) {
				nestedNanos.merge(parent, event.getDuration().toNanos(), Long::sum);
			}
		}
		ToLongFunction<StartupTimeline.TimelineEvent> ownNanos = (event) -> event.getDuration().toNanos()
				- nestedNanos.getOrDefault(event.getStartupStep().getId(), 0L);
		StringBuilder out = new StringBuilder("Start-up steps: " + events.size()
				+ " recorded; the slowest by their own time (own / with nested steps):");
		events.stream()
			.sorted(Comparator.comparingLong(ownNanos).reversed())
			.limit(limit)
			.forEach((event) -> out.append(String.format("%n  %6d / %6d ms  %s",
					TimeUnit.NANOSECONDS.toMillis(ownNanos.applyAsLong(event)), event.getDuration().toMillis(),
					(event.getStartupStep().getName() + " " + tags(event)).trim())));
		return out.toString();
	}

	private static String tags(StartupTimeline.TimelineEvent event) {
		StringBuilder tags = new StringBuilder();
		event.getStartupStep()
			.getTags()
			.forEach((tag) -> tags.append(tag.getKey()).append('=').append(tag.getValue()).append(' '));
		return tags.toString().trim();
	}

}
