package com.platform.workergateway.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * A real {@code redis-server} (Debian's package; {@code .ci/run} installs it) on a free
 * loopback port, password-protected, with no persistence: it can be killed and started
 * again on the same port, empty, as a Redis that lost its data. Fails when the binary is
 * missing rather than skipping: the shared budget store must be tested against Redis.
 */
public final class RedisServer implements AutoCloseable {

	public static final String PASSWORD = "test-redis-password";

	private final int port;

	private final Path log;

	private Process process;

	private RedisServer(int port) throws IOException {
		this.port = port;
		this.log = Files.createTempFile("redis-server-", ".log");
		this.process = launch();
	}

	/**
	 * Starts a server on a free port and waits until it accepts connections.
	 */
	public static RedisServer start() {
		try {
			return new RedisServer(freePort());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public int port() {
		return this.port;
	}

	public String url() {
		return "redis://127.0.0.1:" + this.port;
	}

	/** Kills the server at once (SIGKILL), as a crash or a partition would. */
	public void kill() {
		this.process.destroyForcibly();
		try {
			this.process.waitFor(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** Starts the server again on the same port, empty. */
	public void restart() {
		try {
			this.process = launch();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Stops the server's process without closing its sockets (SIGSTOP): connections stay
	 * up and nothing answers, as with a hung or partitioned Redis.
	 */
	public void freeze() {
		signal("-STOP");
	}

	/** Lets a frozen server go on (SIGCONT). */
	public void thaw() {
		signal("-CONT");
	}

	private void signal(String signal) {
		try {
			Process kill = new ProcessBuilder("kill", signal, Long.toString(this.process.pid())).inheritIO().start();
			if (kill.waitFor() != 0) {
				throw new IllegalStateException("kill " + signal + " failed");
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void close() {
		kill();
	}

	private Process launch() throws IOException {
		List<String> command = List.of(executable(), "--port", Integer.toString(this.port), "--bind", "127.0.0.1",
				"--requirepass", PASSWORD, "--save", "", "--appendonly", "no", "--daemonize", "no", "--dir",
				System.getProperty("java.io.tmpdir"));
		Process started = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(this.log.toFile()))
			.start();
		await("redis-server on port " + this.port + " (log " + this.log + ")").atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> {
				if (!started.isAlive()) {
					throw new IllegalStateException("redis-server exited: " + Files.readString(this.log));
				}
				return accepts();
			});
		return started;
	}

	private boolean accepts() {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", this.port), 200);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static String executable() {
		for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
			File candidate = new File(dir, "redis-server");
			if (candidate.canExecute()) {
				return candidate.getPath();
			}
		}
		for (String fallback : List.of("/usr/bin/redis-server", "/usr/sbin/redis-server")) {
			if (new File(fallback).canExecute()) {
				return fallback;
			}
		}
		throw new IllegalStateException(
				"redis-server is not installed (apt-get install -y redis-server; .ci/run installs it when missing)");
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

}
