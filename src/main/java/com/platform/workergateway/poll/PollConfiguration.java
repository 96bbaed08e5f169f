package com.platform.workergateway.poll;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Puts {@link AnswerReceipts} first in every connection the web server accepts.
 */
@Configuration(proxyBeanMethods = false)
class PollConfiguration {

	@Bean
	AnswerReceipts answerReceipts(PollProperties properties) {
		return new AnswerReceipts(properties.answerReceiptWindow());
	}

	@Bean
	AnswerDeliveryDetection answerDeliveryDetection(MeterRegistry registry) {
		return new AnswerDeliveryDetection(registry);
	}

	@Bean
	NettyServerCustomizer answerReceiptsOnEveryConnection(AnswerReceipts answerReceipts) {
		return (server) -> server
			.doOnChannelInit((observer, channel, remoteAddress) -> answerReceipts.install(channel));
	}

}
