package bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The benchmark harness (issue 6): starts the emulator and the gateway as separate JVMs,
 * drives load from this (third) process, prints the tables and writes them with the
 * machine description to docs/benchmarks.md.
 */
public final class Bench {

	private Bench() {
	}

	public static void main(String[] args) throws Exception {
		Config config = new Config(args);
		Files.createDirectories(config.workDir);
		Report report = new Report(config);
		long start = System.nanoTime();
		System.out.println("[bench] scenarios: " + config.only + "; logs in " + config.workDir);
		try (Http http = new Http("bench", 40_000, config.token)) {
			Scenarios scenarios = new Scenarios(config, http, report);
			if (config.runs("startup") || config.runs("held") || config.runs("overhead") || config.runs("throughput")
					|| config.runs("handoff") || config.runs("cpu")) {
				scenarios.performance();
			}
			if (config.runs("notasklost") || config.runs("outage") || config.runs("hang") || config.runs("soak")) {
				scenarios.faults();
			}
			if (config.runs("maxwaiters")) {
				new Sizing(config, http, report).run();
			}
		}
		finally {
			report.totalSeconds = (System.nanoTime() - start) / 1e9;
			String markdown = report.markdown();
			System.out.println(markdown);
			Path out = config.out;
			Files.createDirectories(out.getParent());
			Files.writeString(out, markdown);
			System.out
				.println("[bench] wrote " + out + " in " + String.format(Locale.ROOT, "%.0f s", report.totalSeconds));
		}
		System.exit(0);
	}

	static String now() {
		return DateTimeFormatter.ISO_INSTANT.format(Instant.now().atOffset(ZoneOffset.UTC).withNano(0));
	}

	static void log(String message) {
		System.out.println("[bench " + Instant.now().toString().substring(11, 19) + "] " + message);
	}

	static Duration seconds(long s) {
		return Duration.ofSeconds(s);
	}

	static List<String> groups(String prefix, int count) {
		List<String> groups = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			groups.add(prefix + "-" + i);
		}
		return groups;
	}

}
