package dev.weft.engine.api;

import java.time.Duration;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * How to run an engine. Build with {@link #builder(DataSource)}; every setting has a default.
 *
 * @param dataSource          PostgreSQL with the Weft migrations applied (schema {@code engine}); should be pooled
 *                            with at least {@code processingThreads + 2} connections
 * @param nodeId              this node's id (0..1023), reported in the topology and used to tell nodes apart
 * @param partitionCount      number of partitions keys are spread over (Zeebe key layout); 1 by default
 * @param processingThreads   threads that process command batches concurrently (each with its own connection)
 * @param maxBatchSize        commands grouped into one transaction at most
 * @param maxQueuedCommands   commands accepted but not yet committed; beyond this commands are rejected EXHAUSTED
 * @param keyBlockSize        keys reserved per round trip to the key generator
 * @param schedulerInterval   how often due timers, job timeouts, retry back-offs and message TTLs are checked
 * @param maxResourceBytes    largest resource a deployment accepts
 * @param maxVariablesBytes   largest variables document (JSON) a command accepts
 */
public record EngineConfig(DataSource dataSource, int nodeId, int partitionCount, int processingThreads,
                           int maxBatchSize, int maxQueuedCommands, int keyBlockSize, Duration schedulerInterval,
                           int maxResourceBytes, int maxVariablesBytes) {

    public EngineConfig {
        Objects.requireNonNull(dataSource, "dataSource");
        require(nodeId >= 0 && nodeId < 1024, "nodeId", nodeId);
        require(partitionCount >= 1 && partitionCount <= 8192, "partitionCount", partitionCount);
        require(processingThreads >= 1, "processingThreads", processingThreads);
        require(maxBatchSize >= 1, "maxBatchSize", maxBatchSize);
        require(maxQueuedCommands >= 1, "maxQueuedCommands", maxQueuedCommands);
        require(keyBlockSize >= 1, "keyBlockSize", keyBlockSize);
        Objects.requireNonNull(schedulerInterval, "schedulerInterval");
        require(!schedulerInterval.isNegative() && !schedulerInterval.isZero(), "schedulerInterval", schedulerInterval);
        require(maxResourceBytes > 0, "maxResourceBytes", maxResourceBytes);
        require(maxVariablesBytes > 0, "maxVariablesBytes", maxVariablesBytes);
    }

    private static void require(boolean ok, String field, Object value) {
        if (!ok) {
            throw new IllegalArgumentException("Invalid engine setting " + field + ": " + value);
        }
    }

    public static Builder builder(DataSource dataSource) {
        return new Builder(dataSource);
    }

    /** Mutable builder with the defaults. */
    public static final class Builder {
        private final DataSource dataSource;
        private int nodeId = 0;
        private int partitionCount = 1;
        private int processingThreads = 2;
        private int maxBatchSize = 200;
        private int maxQueuedCommands = 20_000;
        private int keyBlockSize = 10_000;
        private Duration schedulerInterval = Duration.ofMillis(100);
        private int maxResourceBytes = 4 * 1024 * 1024;
        private int maxVariablesBytes = 4 * 1024 * 1024;

        private Builder(DataSource dataSource) {
            this.dataSource = dataSource;
        }

        public Builder nodeId(int v) { nodeId = v; return this; }
        public Builder partitionCount(int v) { partitionCount = v; return this; }
        public Builder processingThreads(int v) { processingThreads = v; return this; }
        public Builder maxBatchSize(int v) { maxBatchSize = v; return this; }
        public Builder maxQueuedCommands(int v) { maxQueuedCommands = v; return this; }
        public Builder keyBlockSize(int v) { keyBlockSize = v; return this; }
        public Builder schedulerInterval(Duration v) { schedulerInterval = v; return this; }
        public Builder maxResourceBytes(int v) { maxResourceBytes = v; return this; }
        public Builder maxVariablesBytes(int v) { maxVariablesBytes = v; return this; }

        public EngineConfig build() {
            return new EngineConfig(dataSource, nodeId, partitionCount, processingThreads, maxBatchSize,
                    maxQueuedCommands, keyBlockSize, schedulerInterval, maxResourceBytes, maxVariablesBytes);
        }
    }
}
