package com.platform.workergateway.budget;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntConsumer;
import java.util.stream.Collectors;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.resolver.ResolvedAddressTypes;
import io.netty.resolver.dns.DnsNameResolver;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import io.netty.resolver.dns.DnsServerAddresses;
import io.netty.resolver.dns.NoopDnsCache;
import io.netty.resolver.dns.SequentialDnsServerAddressStreamProvider;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Counts the replicas running from a DNS name with one address per replica (a Kubernetes
 * headless Service), resolved every few seconds.
 * <p>
 * Netty's asynchronous resolver, not the JDK's: the JDK caches answers for 30 s and
 * resolves on the calling thread; this one asks the DNS server each time, on its own
 * event loop. This replica always counts, even before its own address is published. A
 * failed resolution, or a name that does not exist (a misconfiguration: the Service
 * always lists this pod), keeps the last count.
 */
final class DnsReplicaCount {

	private static final Log logger = LogFactory.getLog(DnsReplicaCount.class);

	private final String name;

	private final Duration refreshInterval;

	private final Scheduler timer;

	private final IntConsumer listener;

	private final Set<InetAddress> ownAddresses;

	private final EventLoopGroup loop;

	private final DnsNameResolver resolver;

	private volatile boolean failing;

	DnsReplicaCount(BudgetProperties.Peers peers, Set<InetAddress> ownAddresses, Scheduler timer,
			IntConsumer listener) {
		this.name = peers.dnsName();
		this.refreshInterval = peers.refreshInterval();
		this.timer = timer;
		this.listener = listener;
		this.ownAddresses = Set.copyOf(ownAddresses);
		this.loop = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("budget-dns", true),
				NioIoHandler.newFactory());
		DnsNameResolverBuilder builder = new DnsNameResolverBuilder(this.loop.next())
			.datagramChannelType(NioDatagramChannel.class)
			.resolveCache(NoopDnsCache.INSTANCE)
			.queryTimeoutMillis(peers.queryTimeout().toMillis())
			.resolvedAddressTypes(ResolvedAddressTypes.IPV4_PREFERRED);
		if (peers.nameServers() != null && !peers.nameServers().isEmpty()) {
			builder.nameServerProvider(new SequentialDnsServerAddressStreamProvider(
					DnsServerAddresses.sequential(peers.nameServers().stream().map(DnsReplicaCount::address).toList())
						.stream()
						.next()));
		}
		this.resolver = builder.build();
	}

	/**
	 * Resolves now and every refresh interval, telling the listener each count.
	 */
	Disposable start() {
		return Flux.interval(Duration.ZERO, this.refreshInterval, this.timer)
			.onBackpressureDrop()
			.concatMap((tick) -> count().onErrorResume(this::keepLastCount), 0)
			.subscribe(this.listener::accept);
	}

	void close() {
		this.resolver.close();
		this.loop.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
	}

	/**
	 * The replicas running: the addresses of the name, plus this one if it is not among
	 * them yet.
	 */
	Mono<Integer> count() {
		return Mono.<List<InetAddress>>create((sink) -> this.resolver.resolveAll(this.name).addListener((done) -> {
			if (done.isSuccess()) {
				@SuppressWarnings("unchecked")
				List<InetAddress> addresses = (List<InetAddress>) done.getNow();
				sink.success(addresses);
			}
			else {
				sink.error(done.cause());
			}
		})).map(this::replicas).doOnNext((count) -> {
			if (this.failing) {
				this.failing = false;
				logger.info("Peer name " + this.name + " resolves again: " + count + " replicas");
			}
		});
	}

	private int replicas(List<InetAddress> addresses) {
		// A dual-stack Service has an A and an AAAA record per pod: count one family.
		Set<InetAddress> ipv4 = addresses.stream()
			.filter(Inet4Address.class::isInstance)
			.collect(Collectors.toCollection(HashSet::new));
		Set<InetAddress> peers = ipv4.isEmpty() ? new HashSet<>(addresses) : ipv4;
		boolean listsMe = peers.stream().anyMatch(this.ownAddresses::contains);
		return peers.size() + (listsMe ? 0 : 1);
	}

	private Mono<Integer> keepLastCount(Throwable failure) {
		if (!this.failing) {
			this.failing = true;
			String what = (failure instanceof UnknownHostException) ? "does not exist" : "did not resolve";
			logger.warn("Peer name " + this.name + " " + what + " (" + failure.getMessage()
					+ "): keeping the last replica count");
		}
		return Mono.empty();
	}

	private static InetSocketAddress address(String hostAndPort) {
		int colon = hostAndPort.lastIndexOf(':');
		if (colon < 0) {
			return new InetSocketAddress(hostAndPort, 53);
		}
		return new InetSocketAddress(hostAndPort.substring(0, colon),
				Integer.parseInt(hostAndPort.substring(colon + 1)));
	}

	/**
	 * This host's addresses, to recognise itself among the name's addresses.
	 */
	static Set<InetAddress> ownAddresses() {
		try {
			return NetworkInterface.networkInterfaces()
				.flatMap(NetworkInterface::inetAddresses)
				.collect(Collectors.toUnmodifiableSet());
		}
		catch (SocketException ex) {
			logger.warn("Could not list this host's addresses; counting itself apart", ex);
			return Set.of();
		}
	}

}
