package com.platform.workergateway.security;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Everything written to {@code System.out} and {@code System.err} (where the console log
 * appender writes) from the first security test on, still passed through.
 */
final class CapturedOutput {

	private static final ByteArrayOutputStream captured = new ByteArrayOutputStream();

	private static boolean started;

	private CapturedOutput() {
	}

	static synchronized void start() {
		if (!started) {
			System.setOut(tee(System.out));
			System.setErr(tee(System.err));
			started = true;
		}
	}

	static String text() {
		synchronized (captured) {
			return captured.toString(StandardCharsets.UTF_8);
		}
	}

	private static PrintStream tee(PrintStream original) {
		return new PrintStream(new OutputStream() {

			@Override
			public void write(int b) {
				original.write(b);
				synchronized (captured) {
					captured.write(b);
				}
			}

			@Override
			public void write(byte[] bytes, int offset, int length) {
				original.write(bytes, offset, length);
				synchronized (captured) {
					captured.write(bytes, offset, length);
				}
			}

			@Override
			public void flush() {
				original.flush();
			}

		}, true, StandardCharsets.UTF_8);
	}

}
