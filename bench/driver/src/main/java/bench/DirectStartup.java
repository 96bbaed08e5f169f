package bench;

import java.lang.management.ManagementFactory;
import java.time.Duration;

/**
 * Start-up of the direct path: a fresh JVM that builds the SDK client and makes its first
 * call (ReportTaskRunnerHeartbeat, answered at once). Prints the milliseconds from JVM
 * start to the answer, and the RSS then.
 */
public final class DirectStartup {

	private DirectStartup() {
	}

	public static void main(String[] args) {
		long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
		try (Direct direct = new Direct(args[0], 10)) {
			direct.heartbeat().block(Duration.ofSeconds(60));
			long ready = System.currentTimeMillis() - jvmStart;
			long rss = Procs.rss(ProcessHandle.current().pid());
			System.out.println("READY_MS=" + ready + " RSS=" + rss);
		}
	}

}
