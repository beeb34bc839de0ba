package dev.weft.engine.gateway.grpc;

import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Zeebe-protocol gRPC endpoint: a grpc-netty server around {@link WeftGatewayService}.
 *
 * <p>Stopping is graceful in the order the Camunda client copes with best: open job streams and waiting long
 * polls are completed normally first (a stream ended with an error makes client 8.9 hang on close), then the
 * server stops taking calls and in-flight unary calls get the grace period to finish.
 */
public final class GatewayServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayServer.class);

    private final GatewayServerOptions options;
    private final WeftGatewayService service;
    private final BindableService[] extraServices;
    private Server server;

    public GatewayServer(GatewayServerOptions options, WeftGatewayService service, BindableService... extraServices) {
        this.options = options;
        this.service = service;
        this.extraServices = extraServices.clone();
    }

    /** Binds the port and starts serving. */
    public synchronized GatewayServer start() {
        if (server != null) {
            return this;
        }
        NettyServerBuilder builder = NettyServerBuilder
                .forAddress(new InetSocketAddress(options.host(), options.port()))
                .addService(io.grpc.ServerInterceptors.intercept(service, new CallOrigin()))
                .maxInboundMessageSize(options.maxMessageSize())
                // The Camunda client pings every 45 s, also on idle connections (long-lived job streams).
                .permitKeepAliveTime(options.permitKeepAliveTime().toMillis(), TimeUnit.MILLISECONDS)
                .permitKeepAliveWithoutCalls(true);
        for (BindableService extra : extraServices) {
            builder.addService(extra);
        }
        try {
            server = builder.build().start();
        } catch (IOException e) {
            throw new UncheckedIOException("The Weft gRPC gateway could not listen on " + options.host() + ":" + options.port()
                    + " (" + e.getMessage() + "). Free the port or set weft.engine.grpc.port to another one.", e);
        }
        LOG.info("Weft gRPC gateway listening on {}:{}", options.host(), server.getPort());
        return this;
    }

    /** The port actually bound (differs from the configured one when that was 0). */
    public synchronized int port() {
        if (server == null) {
            throw new IllegalStateException("The gRPC gateway is not started");
        }
        return server.getPort();
    }

    public synchronized boolean isRunning() {
        return server != null && !server.isShutdown();
    }

    @Override
    public synchronized void close() {
        if (server == null) {
            return;
        }
        service.shutdown();
        server.shutdown();
        try {
            if (!server.awaitTermination(options.shutdownGracePeriod().toMillis(), TimeUnit.MILLISECONDS)) {
                server.shutdownNow();
                server.awaitTermination(2, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            server.shutdownNow();
            Thread.currentThread().interrupt();
        }
        LOG.info("Weft gRPC gateway stopped");
        server = null;
    }
}
