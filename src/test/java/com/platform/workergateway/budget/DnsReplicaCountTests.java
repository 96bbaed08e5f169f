package com.platform.workergateway.budget;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.dns.DatagramDnsQuery;
import io.netty.handler.codec.dns.DatagramDnsQueryDecoder;
import io.netty.handler.codec.dns.DatagramDnsResponse;
import io.netty.handler.codec.dns.DatagramDnsResponseEncoder;
import io.netty.handler.codec.dns.DefaultDnsRawRecord;
import io.netty.handler.codec.dns.DnsRecord;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsResponseCode;
import io.netty.handler.codec.dns.DnsSection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.scheduler.Schedulers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Counting replicas from a name's A records, against a real DNS server on a loopback UDP
 * port that answers what the test sets (TTL 0), as a headless Service's name does.
 */
class DnsReplicaCountTests {

	private static final String NAME = "worker-gateway-peers.test.svc.cluster.local";

	private final TestDnsServer dns = new TestDnsServer();

	private final AtomicInteger count = new AtomicInteger();

	private DnsReplicaCount replicas;

	private Disposable refresh;

	@AfterEach
	void stop() {
		if (this.refresh != null) {
			this.refresh.dispose();
			this.replicas.close();
		}
		this.dns.close();
	}

	@Test
	void shouldCountThePublishedReplicasAndItselfWhenItIsNotPublishedYet() throws Exception {
		this.dns.answer("192.0.2.1", "192.0.2.2");
		start(Set.of(InetAddress.getByName("192.0.2.9")));

		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(this.count).hasValue(3));
	}

	@Test
	void shouldNotCountItselfTwice() throws Exception {
		this.dns.answer("192.0.2.1", "192.0.2.2");
		start(Set.of(InetAddress.getByName("192.0.2.2")));

		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(this.count).hasValue(2));
	}

	@Test
	void shouldFollowTheReplicasRunningWithinTheRefreshInterval() throws Exception {
		this.dns.answer("192.0.2.1");
		start(Set.of(InetAddress.getByName("192.0.2.1")));
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(this.count).hasValue(1));

		this.dns.answer("192.0.2.1", "192.0.2.2", "192.0.2.3");

		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(this.count).hasValue(3));
	}

	@Test
	void shouldKeepTheLastCountWhenTheNameStopsResolving() throws Exception {
		this.dns.answer("192.0.2.1", "192.0.2.2");
		start(Set.of(InetAddress.getByName("192.0.2.1")));
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(this.count).hasValue(2));

		this.dns.answer();
		int queries = this.dns.queries.get();
		await().atMost(Duration.ofSeconds(5)).until(() -> this.dns.queries.get() > queries + 3);

		assertThat(this.count).hasValue(2);
	}

	private void start(Set<InetAddress> own) {
		BudgetProperties.Peers peers = new BudgetProperties.Peers(NAME, Duration.ofMillis(100), Duration.ofSeconds(1),
				List.of("127.0.0.1:" + this.dns.port()));
		this.replicas = new DnsReplicaCount(peers, own, Schedulers.parallel(), this.count::set);
		this.refresh = this.replicas.start();
	}

	/**
	 * Answers A queries for {@link #NAME} with the addresses set; NXDOMAIN without any.
	 */
	static final class TestDnsServer implements AutoCloseable {

		final AtomicInteger queries = new AtomicInteger();

		private final AtomicReference<List<InetAddress>> addresses = new AtomicReference<>(List.of());

		private final EventLoopGroup loop = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());

		private final Channel channel;

		TestDnsServer() {
			this.channel = new Bootstrap().group(this.loop)
				.channel(NioDatagramChannel.class)
				.handler(new ChannelInitializer<DatagramChannel>() {

					@Override
					protected void initChannel(DatagramChannel channel) {
						channel.pipeline()
							.addLast(new DatagramDnsQueryDecoder(), new DatagramDnsResponseEncoder(), new Answerer());
					}

				})
				.bind(new InetSocketAddress("127.0.0.1", 0))
				.syncUninterruptibly()
				.channel();
		}

		int port() {
			return ((InetSocketAddress) this.channel.localAddress()).getPort();
		}

		void answer(String... ips) throws UnknownHostException {
			InetAddress[] resolved = new InetAddress[ips.length];
			for (int i = 0; i < ips.length; i++) {
				resolved[i] = InetAddress.getByName(ips[i]);
			}
			this.addresses.set(List.of(resolved));
		}

		@Override
		public void close() {
			this.channel.close().syncUninterruptibly();
			this.loop.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
		}

		private final class Answerer extends SimpleChannelInboundHandler<DatagramDnsQuery> {

			@Override
			protected void channelRead0(ChannelHandlerContext context, DatagramDnsQuery query) {
				TestDnsServer.this.queries.incrementAndGet();
				DnsRecord question = query.recordAt(DnsSection.QUESTION);
				DatagramDnsResponse response = new DatagramDnsResponse(query.recipient(), query.sender(), query.id());
				response.setRecursionAvailable(true);
				response.addRecord(DnsSection.QUESTION, question);
				List<InetAddress> current = TestDnsServer.this.addresses.get();
				boolean ours = question.name().equals(NAME + ".");
				if (!ours || current.isEmpty()) {
					response.setCode(DnsResponseCode.NXDOMAIN);
				}
				else if (question.type() == DnsRecordType.A) {
					for (InetAddress address : current) {
						response.addRecord(DnsSection.ANSWER, new DefaultDnsRawRecord(question.name(), DnsRecordType.A,
								0, Unpooled.wrappedBuffer(address.getAddress())));
					}
				}
				context.writeAndFlush(response);
			}

		}

	}

}
