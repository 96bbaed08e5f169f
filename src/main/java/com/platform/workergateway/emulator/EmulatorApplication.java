package com.platform.workergateway.emulator;

import java.util.Map;
import java.util.stream.Stream;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Runs the AWS Data Pipeline emulator alone, without the gateway, for benchmarks and for
 * workers' own tests:
 *
 * <pre>
 * ./mvnw spring-boot:run -Dspring-boot.run.main-class=com.platform.workergateway.emulator.EmulatorApplication
 * java -Dloader.main=com.platform.workergateway.emulator.EmulatorApplication \
 *     -cp target/worker-gateway-0.1.0-SNAPSHOT.jar org.springframework.boot.loader.launch.PropertiesLauncher
 * </pre>
 *
 * Settings come from arguments or the environment
 * ({@code --worker-gateway.emulator.port=9090},
 * {@code WORKER_GATEWAY_EMULATOR_ADDRESS=0.0.0.0}) or from an {@code emulator.properties}
 * or {@code emulator.yml}: the gateway's {@code application.yml} is not read, so its
 * settings cannot switch the emulator off or start anything else. No component scan and
 * no auto-configuration: only the emulator's beans exist.
 * <p>
 * Deliberately not a {@code @SpringBootConfiguration}: the gateway's component scan would
 * pick it up, and {@code @SpringBootTest} in this package would find it instead of the
 * gateway's application class.
 */
public final class EmulatorApplication {

	private EmulatorApplication() {
	}

	public static void main(String[] args) {
		run(args);
	}

	/**
	 * Starts the emulator; the returned context stops it when closed.
	 */
	public static ConfigurableApplicationContext run(String... args) {
		// Arguments outrank every other property source: the emulator is always on here.
		String[] arguments = Stream.concat(Stream.of("--worker-gateway.emulator.enabled=true"), Stream.of(args))
			.toArray(String[]::new);
		return new SpringApplicationBuilder(EmulatorConfiguration.class).web(WebApplicationType.NONE)
			.properties(Map.of("spring.config.name", "emulator", "spring.main.keep-alive", "true"))
			.run(arguments);
	}

}
