package dev.weft.engine.api;

/**
 * What the gateway reports as the cluster topology: this node, its partitions, and the engine version.
 *
 * @param nodeId          this engine node's id
 * @param partitionsCount number of partitions (keys carry the partition id)
 * @param version         engine version string, e.g. {@code "8.8.0-weft-0.1.0"}
 */
public record Topology(int nodeId, int partitionsCount, String version) {
}
