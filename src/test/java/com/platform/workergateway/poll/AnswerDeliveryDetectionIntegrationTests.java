package com.platform.workergateway.poll;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import com.platform.workergateway.support.GatewayIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whether answer-delivery detection is active is visible as a gauge, and the native
 * transport it needs ships for both Linux architectures of common Kubernetes nodes.
 */
@GatewayIntegrationTest
class AnswerDeliveryDetectionIntegrationTests {

	@Autowired
	MeterRegistry registry;

	@Autowired
	AnswerDeliveryDetection detection;

	@Test
	void shouldReportDetectionActiveOnLinuxWithTheNativeTransport() {
		double gauge = this.registry.get("worker_gateway_answer_delivery_detection").gauge().value();

		// CI and the image run Linux x86_64 or aarch64, where the native library loads.
		assertThat(this.detection.active()).isTrue();
		assertThat(gauge).isOne();
	}

	@Test
	void shouldBundleTheNativeEpollLibraryForX8664AndAarch64() {
		ClassLoader loader = getClass().getClassLoader();

		assertThat(loader.getResource("META-INF/native/libnetty_transport_native_epoll_x86_64.so")).isNotNull();
		assertThat(loader.getResource("META-INF/native/libnetty_transport_native_epoll_aarch_64.so")).isNotNull();
	}

}
