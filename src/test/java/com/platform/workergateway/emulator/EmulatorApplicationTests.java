package com.platform.workergateway.emulator;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

import org.springframework.boot.web.server.reactive.context.ReactiveWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

class EmulatorApplicationTests {

	@Test
	void shouldStartOnlyTheEmulatorWhenRunStandalone() {
		try (ConfigurableApplicationContext context = EmulatorApplication.run("--worker-gateway.emulator.port=0",
				"--spring.main.keep-alive=false")) {
			EmulatorServer server = context.getBean(EmulatorServer.class);
			EmulatorHttp http = new EmulatorHttp(server.baseUri(),
					context.getBean(EmulatorProperties.class).credentials());

			assertThat(http.aws("ReportTaskRunnerHeartbeat", "{\"taskrunnerId\":\"r\"}").body())
				.isEqualTo("{\"terminate\":false}");
			assertThat(context).isNotInstanceOf(ReactiveWebServerApplicationContext.class);
			assertThat(Arrays.stream(context.getBeanDefinitionNames())
				.map(context::getType)
				.filter((type) -> type != null && type.getName().startsWith("com.platform.workergateway."))
				.map(Class::getName)).allMatch((name) -> name.startsWith("com.platform.workergateway.emulator."));
		}
	}

}
