package com.platform.workergateway.emulator;

import java.time.Duration;

import com.platform.workergateway.emulator.EmulatorProperties.Credentials;
import com.platform.workergateway.emulator.EmulatorProperties.Limit;
import com.platform.workergateway.emulator.EmulatorProperties.RateLimits;

/**
 * An emulator on a random port for one test class.
 */
final class TestEmulator implements AutoCloseable {

	static final RateLimits NO_LIMITS = new RateLimits(false, null, null, null, null);

	/**
	 * The credentials the emulator accepts; {@link EmulatorHttp} signs with them.
	 */
	static final Credentials CREDENTIALS = new Credentials("AKIDEMULATORTEST", "emulator-test-secret");

	final EmulatorDataPipeline dataPipeline;

	final EmulatorServer server;

	final EmulatorHttp http;

	private TestEmulator(EmulatorProperties properties) {
		this.dataPipeline = new EmulatorDataPipeline(properties);
		this.server = new EmulatorServer(this.dataPipeline, properties.address(), properties.port());
		this.http = new EmulatorHttp(this.server.baseUri(), properties.credentials());
	}

	static TestEmulator start(Duration pollHold) {
		return start(pollHold, NO_LIMITS);
	}

	static TestEmulator start(Duration pollHold, RateLimits rateLimits) {
		return new TestEmulator(
				new EmulatorProperties(true, "localhost", 0, pollHold, Duration.ofMinutes(2), rateLimits, CREDENTIALS));
	}

	static RateLimits heartbeatLimit(double perSecond, int burst) {
		return new RateLimits(true, null, null, null, new Limit(perSecond, burst));
	}

	@Override
	public void close() {
		this.server.close();
	}

}
