package com.platform.workergateway.emulator;

import java.net.URI;

import com.platform.workergateway.emulator.admin.AdminRouter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

import static org.springframework.web.reactive.function.server.RequestPredicates.POST;

/**
 * The emulator's own HTTP server (Reactor Netty), on its own port and apart from the
 * gateway's server: the AWS JSON endpoint on {@code POST /} and the admin API under
 * {@code /emulator}. It is bound when constructed and closed with {@link #close()}.
 */
public final class EmulatorServer implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(EmulatorServer.class);

	private final DisposableServer server;

	public EmulatorServer(EmulatorDataPipeline dataPipeline, String address, int port) {
		RouterFunction<ServerResponse> routes = RouterFunctions.route(POST("/"), dataPipeline.awsJsonHandler())
			.and(AdminRouter.routes(dataPipeline));
		HttpHandler handler = new RequestIdHttpHandler(RouterFunctions.toHttpHandler(routes));
		this.server = HttpServer.create()
			.host(address)
			.port(port)
			.handle(new ReactorHttpHandlerAdapter(handler))
			.bindNow();
		logger.info("AWS Data Pipeline emulator listening on {} (bound to {})", baseUri(), this.server.address());
	}

	public int port() {
		return this.server.port();
	}

	/**
	 * The endpoint to point an AWS client at, {@code http://localhost:<port>}.
	 */
	public URI baseUri() {
		return URI.create("http://localhost:" + port());
	}

	@Override
	public void close() {
		this.server.disposeNow();
	}

}
