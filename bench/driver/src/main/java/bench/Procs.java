package bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Processes and what /proc and jcmd say about them (Linux). */
final class Procs {

	static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

	static final String JCMD = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();

	private static final long CLK_TCK = 100;

	private Procs() {
	}

	static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static Process start(List<String> command, Path log) {
		return start(command, null, log);
	}

	/** Started in {@code dir} (null: this process's working directory). */
	static Process start(List<String> command, Path dir, Path log) {
		try {
			Files.createDirectories(log.getParent());
			ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
			if (dir != null) {
				builder.directory(dir.toFile());
			}
			return builder.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** SIGTERM, then waits for the exit; SIGKILL after the timeout. */
	static long terminate(Process process, long timeoutSeconds) {
		long start = System.nanoTime();
		process.destroy();
		try {
			if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
				process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
	}

	static String status(long pid, String field) {
		try {
			for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
				if (line.startsWith(field + ":")) {
					return line.substring(field.length() + 1).trim();
				}
			}
		}
		catch (IOException ex) {
			return "";
		}
		return "";
	}

	/** Resident set size, bytes. */
	static long rss(long pid) {
		String value = status(pid, "VmRSS");
		return value.isEmpty() ? -1 : Long.parseLong(value.split("\\s+")[0]) * 1024;
	}

	static int threads(long pid) {
		String value = status(pid, "Threads");
		return value.isEmpty() ? -1 : Integer.parseInt(value);
	}

	static long fds(long pid) {
		try (Stream<Path> list = Files.list(Path.of("/proc/" + pid + "/fd"))) {
			return list.count();
		}
		catch (IOException ex) {
			return -1;
		}
	}

	/** User plus system CPU time, seconds. */
	static double cpuSeconds(long pid) {
		try {
			String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
			String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			// fields[0] is field 3 (state): utime is field 14, stime field 15.
			return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / (double) CLK_TCK;
		}
		catch (IOException ex) {
			return -1;
		}
	}

	/**
	 * Established TCP connections of a process, optionally only those whose remote (or
	 * local) port is the given one.
	 */
	static long connections(long pid, int remotePort, int localPort) {
		Set<String> inodes = new HashSet<>();
		try (Stream<Path> list = Files.list(Path.of("/proc/" + pid + "/fd"))) {
			list.forEach((fd) -> {
				try {
					String target = Files.readSymbolicLink(fd).toString();
					if (target.startsWith("socket:[")) {
						inodes.add(target.substring(8, target.length() - 1));
					}
				}
				catch (IOException ex) {
					// closed meanwhile
				}
			});
		}
		catch (IOException ex) {
			return -1;
		}
		long count = 0;
		for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
			try {
				for (String line : Files.readAllLines(Path.of(table))) {
					String[] f = line.trim().split("\\s+");
					if (f.length < 10 || !f[3].equals("01") || !inodes.contains(f[9])) {
						continue;
					}
					int local = Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1), 16);
					int remote = Integer.parseInt(f[2].substring(f[2].indexOf(':') + 1), 16);
					if ((remotePort <= 0 || remote == remotePort) && (localPort <= 0 || local == localPort)) {
						count++;
					}
				}
			}
			catch (IOException ex) {
				// no IPv6 table
			}
		}
		return count;
	}

	/** Heap in use after a full GC (jcmd GC.run, then GC.heap_info), bytes. */
	static long heapAfterGc(long pid) {
		jcmd(pid, "GC.run");
		String info = jcmd(pid, "GC.heap_info");
		Matcher matcher = Pattern.compile("heap\\s+total\\s+(\\d+)K, used (\\d+)K").matcher(info);
		return matcher.find() ? Long.parseLong(matcher.group(2)) * 1024 : -1;
	}

	static String jcmd(long pid, String... command) {
		return jcmd(JCMD, pid, command);
	}

	/**
	 * With the {@code jcmd} of the JDK that runs the process (another JDK's may not
	 * attach).
	 */
	static String jcmd(String jcmd, long pid, String... command) {
		List<String> args = new ArrayList<>(List.of(jcmd, String.valueOf(pid)));
		args.addAll(List.of(command));
		try {
			Process process = new ProcessBuilder(args).redirectErrorStream(true).start();
			String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			process.waitFor(60, TimeUnit.SECONDS);
			return out;
		}
		catch (IOException ex) {
			return "";
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "";
		}
	}

	/**
	 * Removes a log of an earlier run (logs are appended to, and a start-up log is read
	 * for its first match).
	 */
	static void delete(Path file) {
		try {
			Files.deleteIfExists(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static String read(String path) {
		try {
			return Files.readString(Path.of(path));
		}
		catch (IOException ex) {
			return "";
		}
	}

	static String mb(long bytes) {
		return (bytes < 0) ? "n/a" : String.format(Locale.ROOT, "%.1f MB", bytes / 1048576.0);
	}

	static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
