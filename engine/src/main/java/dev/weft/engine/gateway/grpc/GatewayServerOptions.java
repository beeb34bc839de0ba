package dev.weft.engine.gateway.grpc;

import java.time.Duration;
import java.util.Objects;

/**
 * How the gRPC gateway listens.
 *
 * @param host                where to bind; {@code 0.0.0.0} for every interface
 * @param port                TCP port; {@code 0} picks a free one (tests)
 * @param maxMessageSize      largest inbound message in bytes; larger requests are refused with RESOURCE_EXHAUSTED
 *                            by gRPC before they reach the engine
 * @param permitKeepAliveTime the shortest client keepalive interval accepted; must stay below the Camunda client's
 *                            45 s default or gRPC closes its connections with ENHANCE_YOUR_CALM
 * @param shutdownGracePeriod how long in-flight calls may finish on stop before they are cancelled
 */
public record GatewayServerOptions(
        String host,
        int port,
        int maxMessageSize,
        Duration permitKeepAliveTime,
        Duration shutdownGracePeriod) {

    /** Zeebe's default gateway port. */
    public static final int DEFAULT_PORT = 26500;

    public GatewayServerOptions {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(permitKeepAliveTime, "permitKeepAliveTime");
        Objects.requireNonNull(shutdownGracePeriod, "shutdownGracePeriod");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("weft.engine.grpc.port must be between 0 and 65535, but was " + port);
        }
        if (maxMessageSize < 1024) {
            throw new IllegalArgumentException("weft.engine.grpc.max-message-size must be at least 1 KB, but was " + maxMessageSize);
        }
        if (permitKeepAliveTime.isNegative() || permitKeepAliveTime.compareTo(Duration.ofSeconds(45)) >= 0) {
            throw new IllegalArgumentException("weft.engine.grpc.permit-keep-alive-time must be below the Camunda client's"
                    + " 45 s keepalive, but was " + permitKeepAliveTime);
        }
    }

    /** Defaults: every interface, port 26500, 4 MB messages (Zeebe's default), 30 s keepalive, 10 s grace. */
    public static GatewayServerOptions defaults() {
        return new GatewayServerOptions("0.0.0.0", DEFAULT_PORT, 4 * 1024 * 1024, Duration.ofSeconds(30), Duration.ofSeconds(10));
    }

    public GatewayServerOptions withPort(int newPort) {
        return new GatewayServerOptions(host, newPort, maxMessageSize, permitKeepAliveTime, shutdownGracePeriod);
    }
}
