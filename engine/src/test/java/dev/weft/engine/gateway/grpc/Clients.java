package dev.weft.engine.gateway.grpc;

import io.camunda.client.CamundaClient;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Test helpers for the real Camunda client. */
public final class Clients {

    private Clients() {
    }

    /** A client speaking gRPC to {@code grpcPort} (REST address set but unused). */
    public static CamundaClient grpc(int grpcPort) {
        return CamundaClient.newClientBuilder()
                .grpcAddress(URI.create("http://127.0.0.1:" + grpcPort))
                .restAddress(URI.create("http://127.0.0.1:1"))
                .preferRestOverGrpc(false)
                .defaultRequestTimeout(Duration.ofSeconds(15))
                .build();
    }

    /** A client in its default REST mode against {@code restPort}; gRPC (job streams) against {@code grpcPort}. */
    public static CamundaClient rest(int restPort, int grpcPort) {
        return CamundaClient.newClientBuilder()
                .restAddress(URI.create("http://127.0.0.1:" + restPort))
                .grpcAddress(URI.create("http://127.0.0.1:" + grpcPort))
                .defaultRequestTimeout(Duration.ofSeconds(15))
                .build();
    }

    /** Closes a client without letting a hanging close stall the test run (a known client 8.9 behaviour). */
    public static void closeQuietly(CamundaClient client) {
        if (client == null) {
            return;
        }
        try {
            CompletableFuture.runAsync(client::close).get(15, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("The Camunda client did not close within 15 s", e);
        }
    }
}
