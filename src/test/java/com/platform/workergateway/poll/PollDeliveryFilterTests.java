package com.platform.workergateway.poll;

import org.junit.jupiter.api.Test;

import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * A poll answered without the delivery filter would lose its task when its worker went
 * away: that must fail loudly, never fall back to a delivery that gives nothing back.
 */
class PollDeliveryFilterTests {

	@Test
	void shouldRefuseAPollThatDidNotPassThroughTheFilter() {
		MockServerWebExchange exchange = MockServerWebExchange
			.from(MockServerHttpRequest.post(PollDeliveryFilter.POLL_PATH));

		assertThatIllegalStateException().isThrownBy(() -> PollDeliveryFilter.delivery(exchange))
			.withMessageContaining("PollDeliveryFilter");
	}

}
