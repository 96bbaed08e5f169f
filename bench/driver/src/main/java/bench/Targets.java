package bench;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Issue 12's targets and this run's figures for them: the scenarios hand over the figures
 * they print in their own sections (the same formatted strings, so the two tables cannot
 * disagree) and the report renders one row per measure with its verdict. A measure whose
 * scenario was not selected ({@code --only}) is "not measured in this run".
 */
final class Targets {

	/** The measures of issue 12's table, in its order, with their limits. */
	enum Measure {

		TASK_CPU("gateway CPU per delivered task, steady state",
				"≤ 0.5 ms, and ≤ 2× the direct path's SDK-client CPU per call", "cpu",
				new String[] { "≤ 0.5 ms", "≤ 2×" }, 0.5, 2.0),

		EMPTY_POLL_CPU("gateway CPU per empty poll (worker poll answered 204)", "≤ 0.2 ms", "cpu",
				new String[] { "≤ 0.2 ms" }, 0.2),

		WAITER_MEMORY("heap / RSS per waiting worker at 10,000", "≤ 12 KB / ≤ 25 KB", "held",
				new String[] { "heap ≤ 12 KB", "RSS ≤ 25 KB" }, 12, 25),

		READY_JDK17("time to readiness, JDK 17, this machine", "≤ 5 s", "startup", new String[] { "≤ 5 s" }, 5000),

		READY_IMAGE("time to readiness in the image (Java 25)", "≤ 2.5 s with an AOT cache from a training run",
				"startup", new String[] { "≤ 2.5 s" }, 2500),

		ADDED_LATENCY("added latency p50 / p99 at 200/s", "≤ 1 ms / ≤ 5 ms", "overhead",
				new String[] { "p50 ≤ 1 ms", "p99 ≤ 5 ms" }, 1, 5);

		final String label;

		final String target;

		final String scenario;

		/** Short names of the limits, for a verdict that is met in part. */
		final String[] parts;

		/** Upper limits of the figures, in the units the scenario prints them in. */
		final double[] limits;

		Measure(String label, String target, String scenario, String[] parts, double... limits) {
			this.label = label;
			this.target = target;
			this.scenario = scenario;
			this.parts = parts;
			this.limits = limits;
		}

	}

	private record Figures(String shown, List<String> figures) {

	}

	private final Config config;

	private final Map<Measure, Figures> measured = new EnumMap<>(Measure.class);

	private final Map<Measure, String> notMeasured = new EnumMap<>(Measure.class);

	Targets(Config config) {
		this.config = config;
	}

	/**
	 * This run's figures of a measure.
	 * @param shown the "this run" cell
	 * @param figures the numbers compared with the measure's limits, one per limit,
	 * exactly as the scenario's section prints them (e.g. {@code f(median, 3)}); "n/a"
	 * when the scenario could not measure it
	 */
	void measured(Measure measure, String shown, String... figures) {
		if (figures.length != measure.limits.length) {
			throw new IllegalArgumentException(measure + " has " + measure.limits.length + " limits");
		}
		this.measured.put(measure, new Figures(shown, List.of(figures)));
		this.notMeasured.remove(measure);
	}

	/** A measure its scenario ran for but could not measure, and why. */
	void notMeasured(Measure measure, String why) {
		this.measured.remove(measure);
		this.notMeasured.put(measure, why);
	}

	/** "median of N runs", or "1 run". */
	static String medianOf(int runs, String noun) {
		return (runs == 1) ? "1 " + noun : "median of " + runs + " " + noun + "s";
	}

	String markdown() {
		List<List<String>> rows = new ArrayList<>();
		for (Measure measure : Measure.values()) {
			Figures figures = this.measured.get(measure);
			if (figures != null) {
				rows.add(List.of(measure.label, measure.target, figures.shown(), verdict(measure, figures.figures())));
			}
			else if (this.notMeasured.containsKey(measure)) {
				rows.add(List.of(measure.label, measure.target, "not measured: " + this.notMeasured.get(measure),
						"not measured"));
			}
			else if (!this.config.runs(measure.scenario)) {
				rows.add(List.of(measure.label, measure.target,
						"not measured in this run (scenario `" + measure.scenario + "` not selected)", "not measured"));
			}
			else {
				rows.add(List.of(measure.label, measure.target,
						"not measured: scenario `" + measure.scenario + "` did not finish", "not measured"));
			}
		}
		return "## Lean hot path: targets (issue 12)\n\n"
				+ "Issue 12's targets against this run's figures, copied from the sections below (medians over the "
				+ "run's repeats where the scenario repeats); a measure is met when every figure is at or below its "
				+ "limit.\n\n" + Report.table(List.of("measure", "target", "this run", "met?"), rows);
	}

	/** "met", "not met" or, for a measure with several limits met in part, which. */
	static String verdict(Measure measure, List<String> figures) {
		List<String> met = new ArrayList<>();
		for (int i = 0; i < figures.size(); i++) {
			double value = number(figures.get(i));
			if (Double.isNaN(value)) {
				return "not measured";
			}
			if (value <= measure.limits[i]) {
				met.add(measure.parts[i]);
			}
		}
		if (met.size() == figures.size()) {
			return "**met**";
		}
		return met.isEmpty() ? "not met" : "not met (" + String.join(", ", met) + " met)";
	}

	private static double number(String figure) {
		try {
			return Double.parseDouble(figure.trim());
		}
		catch (NumberFormatException ex) {
			return Double.NaN;
		}
	}

}
