package com.platform.workergateway.emulator;

import com.platform.workergateway.WorkerGatewayApplication;
import com.platform.workergateway.upstream.UpstreamEndpointOverride;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway application starts the emulator on its own port, next to its own server,
 * and points the upstream at it.
 */
@SpringBootTest(classes = WorkerGatewayApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "worker-gateway.emulator.enabled=true", "worker-gateway.emulator.port=0",
				"worker-gateway.task-token.allow-ephemeral-key=true" })
class EmulatorInGatewayIntegrationTests {

	@LocalServerPort
	private int gatewayPort;

	@Autowired
	private EmulatorServer server;

	@Autowired
	private EmulatorDataPipeline dataPipeline;

	@Autowired
	private UpstreamEndpointOverride endpointOverride;

	@Autowired
	private EmulatorProperties properties;

	@Test
	void shouldServeTheEmulatorBesideTheGatewayWhenEnabled() {
		EmulatorHttp http = new EmulatorHttp(this.endpointOverride.endpoint(), this.properties.credentials());
		String taskId = this.dataPipeline.schedule("wg").taskId();

		String answer = http.aws("PollForTask", "{\"workerGroup\":\"wg\"}").body();

		assertThat(this.server.port()).isNotEqualTo(this.gatewayPort);
		assertThat(this.endpointOverride.endpoint()).isEqualTo(this.server.baseUri());
		assertThat(answer).contains(taskId);
	}

}
