package com.platform.workergateway.secretfile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.util.FileSystemUtils;

/**
 * A directory laid out as the kubelet lays out a mounted Secret, and updated as it
 * updates one: each file is a symbolic link {@code name -> ..data/name}, {@code ..data}
 * links to a timestamped directory, and an update writes a new directory, points
 * {@code ..data_tmp} at it and renames {@code ..data_tmp} over {@code ..data} (one atomic
 * step), then removes the old directory.
 */
final class KubernetesSecretVolume {

	private final Path directory;

	private final AtomicInteger generation = new AtomicInteger();

	KubernetesSecretVolume(Path directory) {
		this.directory = directory;
	}

	Path file(String name) {
		return this.directory.resolve(name);
	}

	/**
	 * Publishes a new content of the Secret, the way the kubelet does.
	 * @param files file name to content
	 */
	void update(Map<String, String> files) {
		try {
			Path previous = Files.isSymbolicLink(data()) ? this.directory.resolve(Files.readSymbolicLink(data()))
					: null;
			String name = "..2026_12_02_00_00_00." + this.generation.incrementAndGet();
			Path version = Files.createDirectory(this.directory.resolve(name));
			for (Map.Entry<String, String> file : files.entrySet()) {
				Files.writeString(version.resolve(file.getKey()), file.getValue());
			}
			Path tmp = this.directory.resolve("..data_tmp");
			Files.deleteIfExists(tmp);
			Files.createSymbolicLink(tmp, Path.of(name));
			Files.move(tmp, data(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			for (String file : files.keySet()) {
				Path link = this.directory.resolve(file);
				if (!Files.isSymbolicLink(link)) {
					Files.createSymbolicLink(link, Path.of("..data", file));
				}
			}
			if (previous != null) {
				FileSystemUtils.deleteRecursively(previous);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private Path data() {
		return this.directory.resolve("..data");
	}

}
