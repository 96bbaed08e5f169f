package com.platform.workergateway.fault;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What this JVM holds, for before/after comparisons: heap after a full GC, live threads,
 * open file descriptors and established TCP connections to a port (read from
 * {@code /proc}, Linux only).
 *
 * @param heapAfterGc heap in use after {@code System.gc()}, bytes
 * @param threads live threads
 * @param fileDescriptors open file descriptors, -1 where {@code /proc} is missing
 * @param connections established TCP connections whose remote end is the given port
 * @param threadsByName live threads by name pattern (digits as {@code #})
 */
record ResourceSnapshot(long heapAfterGc, int threads, long fileDescriptors, long connections,
		Map<String, Long> threadsByName) {

	static ResourceSnapshot take(int remotePort) {
		System.gc();
		System.gc();
		long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
		int threads = ManagementFactory.getThreadMXBean().getThreadCount();
		Map<String, Long> byName = Thread.getAllStackTraces()
			.keySet()
			.stream()
			.collect(Collectors.groupingBy((thread) -> thread.getName().replaceAll("[0-9]+", "#"), TreeMap::new,
					Collectors.counting()));
		return new ResourceSnapshot(heap, threads, countFileDescriptors(), establishedTo(remotePort), byName);
	}

	/**
	 * Threads by name pattern (digits as {@code #}) that are more numerous than in an
	 * earlier snapshot.
	 */
	Map<String, Long> newThreadsSince(ResourceSnapshot earlier) {
		Map<String, Long> grown = new TreeMap<>();
		this.threadsByName.forEach((name, count) -> {
			long growth = count - earlier.threadsByName.getOrDefault(name, 0L);
			if (growth > 0) {
				grown.put(name, growth);
			}
		});
		return grown;
	}

	private static long countFileDescriptors() {
		Path fds = Path.of("/proc/self/fd");
		if (!Files.isDirectory(fds)) {
			return -1;
		}
		try (Stream<Path> entries = Files.list(fds)) {
			return entries.count();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Established TCP connections (state 01) whose remote port is the given one.
	 */
	static long establishedTo(int remotePort) {
		String port = String.format(Locale.ROOT, ":%04X", remotePort);
		long count = 0;
		for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
			Path path = Path.of(table);
			if (!Files.isReadable(path)) {
				continue;
			}
			try (Stream<String> lines = Files.lines(path)) {
				count += lines.skip(1).map(String::trim).map((line) -> line.split("\\s+")).filter((fields) -> {
					return fields.length > 3 && fields[2].endsWith(port) && fields[3].equals("01");
				}).count();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		return count;
	}

	@Override
	public String toString() {
		return String.format(Locale.ROOT, "heap-after-gc=%.1f MB threads=%d fds=%d upstream-connections=%d",
				this.heapAfterGc / 1048576.0, this.threads, this.fileDescriptors, this.connections);
	}

}
