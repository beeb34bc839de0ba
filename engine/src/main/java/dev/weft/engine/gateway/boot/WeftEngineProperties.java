package dev.weft.engine.gateway.boot;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the engine an application runs ({@code weft.engine.*}).
 *
 * @param mode              {@code embedded} (default): run the Weft engine in this process on the application's
 *                          DataSource and serve its gRPC gateway and {@code /v2} REST API; {@code camunda}: use an
 *                          external Camunda 8 cluster through the Camunda client, no engine here; {@code off}: no
 *                          engine at all
 * @param nodeId            this node's id (0..1023), reported in the topology; give every node on a shared
 *                          database its own
 * @param partitionCount    partitions keys are spread over (Zeebe key layout)
 * @param migrate           apply the Weft migrations to the DataSource before the engine starts; the standalone
 *                          engine turns this on, applications that run Flyway themselves leave it off
 * @param schedulerInterval how often due timers, job timeouts, retry back-offs and message TTLs are checked
 * @param maxResourceSize   largest BPMN/DMN/form resource a deployment accepts
 * @param maxVariablesSize  largest variables document a command accepts
 * @param batching          how commands are grouped into transactions
 * @param grpc              the Zeebe-protocol gRPC gateway
 * @param rest              the Camunda {@code /v2} REST subset
 */
@ConfigurationProperties("weft.engine")
public record WeftEngineProperties(
        @DefaultValue("embedded") Mode mode,
        @DefaultValue("0") int nodeId,
        @DefaultValue("1") int partitionCount,
        @DefaultValue("false") boolean migrate,
        @DefaultValue("100ms") Duration schedulerInterval,
        @DefaultValue("4MB") DataSize maxResourceSize,
        @DefaultValue("4MB") DataSize maxVariablesSize,
        @DefaultValue Batching batching,
        @DefaultValue Grpc grpc,
        @DefaultValue Rest rest) {

    /** Where the engine runs. */
    public enum Mode { EMBEDDED, CAMUNDA, OFF }

    /**
     * @param processingThreads threads that process command batches concurrently, each with its own connection (the
     *                          pool needs at least this many plus two)
     * @param maxBatchSize      commands committed in one transaction at most
     * @param maxQueuedCommands commands accepted but not yet committed; beyond this clients get RESOURCE_EXHAUSTED / 429
     * @param keyBlockSize      keys reserved per round trip to the key generator
     */
    public record Batching(
            @DefaultValue("2") int processingThreads,
            @DefaultValue("200") int maxBatchSize,
            @DefaultValue("20000") int maxQueuedCommands,
            @DefaultValue("1000") int keyBlockSize) {
    }

    /**
     * @param enabled             serve the gateway
     * @param host                interface to bind; {@code 0.0.0.0} for all
     * @param port                port; 26500 is Zeebe's, {@code 0} picks a free one
     * @param advertisedHost      host name the topology reports to clients
     * @param maxMessageSize      largest inbound message; larger requests get RESOURCE_EXHAUSTED
     * @param permitKeepAliveTime shortest client keepalive accepted; must stay below the Camunda client's 45 s
     * @param shutdownGracePeriod how long in-flight calls may finish on shutdown
     */
    public record Grpc(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("0.0.0.0") String host,
            @DefaultValue("26500") int port,
            @DefaultValue("localhost") String advertisedHost,
            @DefaultValue("4MB") DataSize maxMessageSize,
            @DefaultValue("30s") Duration permitKeepAliveTime,
            @DefaultValue("10s") Duration shutdownGracePeriod) {
    }

    /**
     * @param enabled                serve the {@code /v2} REST controllers (needs a servlet web application)
     * @param activationProbeAfter   a job activation long poll that waited at least this long checks that its
     *                               client is still connected before it is answered with jobs (else they go back)
     */
    public record Rest(@DefaultValue("true") boolean enabled, @DefaultValue("1s") Duration activationProbeAfter) {
    }
}
