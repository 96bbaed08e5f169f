package com.platform.workergateway.deploy;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import com.platform.workergateway.timeout.TimeoutLadder;
import com.platform.workergateway.upstream.UpstreamProperties;
import com.platform.workergateway.web.InputProperties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The configuration the chart renders keeps the application's timeout ladder, so a pod
 * installed with the chart's defaults (or the tuned example) starts.
 */
class ChartTimeoutLadderTests {

	@Test
	void shouldRenderAConfigurationThatKeepsTheTimeoutLadder() {
		assertThat(ladder(HelmChart.render()).violations()).isEmpty();
	}

	@Test
	void shouldRenderATunedConfigurationThatKeepsTheTimeoutLadder() {
		assertThat(ladder(HelmChart.render("values-tuned.yaml")).violations()).isEmpty();
	}

	private static TimeoutLadder ladder(Map<String, Map<String, Object>> objects) {
		Map<String, Object> flat = new LinkedHashMap<>();
		flatten("", DeploymentTemplateTests.applicationConfig(objects), flat);
		Binder binder = new Binder(new MapConfigurationPropertySource(flat));
		// The breakers are configured by application.yml, which the chart does not
		// override: the application's own tests check them.
		return TimeoutLadder.of(binder.bindOrCreate("worker-gateway.upstream", UpstreamProperties.class),
				binder.bindOrCreate("worker-gateway.input", InputProperties.class), Map.of(),
				binder.bind("spring.lifecycle.timeout-per-shutdown-phase", Duration.class)
					.orElse(Duration.ofSeconds(30)));
	}

	@SuppressWarnings("unchecked")
	private static void flatten(String prefix, Map<String, Object> node, Map<String, Object> flat) {
		node.forEach((key, value) -> {
			String name = prefix.isEmpty() ? key : prefix + "." + key;
			if (value instanceof Map<?, ?> child) {
				flatten(name, (Map<String, Object>) child, flat);
			}
			else if (value != null && !(value instanceof Iterable<?>)) {
				flat.put(name, value.toString());
			}
		});
	}

}
