package dev.weft.designer.flow;

import dev.weft.designer.graph.FlowGraph;

/** Request bodies of the flow endpoints. */
public final class FlowRequests {

    private FlowRequests() {
    }

    /**
     * Creates a flow.
     *
     * @param name        display name (required)
     * @param description optional
     * @param processId   BPMN process id to deploy under; generated when absent
     * @param graph       initial draft; a start and an end node when absent
     */
    public record Create(String name, String description, String processId, FlowGraph graph) {
    }

    /** Renames a flow or changes its description; null fields stay as they are. */
    public record Update(String name, String description) {
    }

    /**
     * Publishes the current draft.
     *
     * @param name    version name (required), e.g. "v2: better prompts"
     * @param comment what changed
     */
    public record Publish(String name, String comment) {
    }
}
