package dev.weft.designer.flow;

import dev.weft.designer.graph.FlowGraph;
import dev.weft.designer.validation.Issue;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * The draft of a flow: what the canvas edits.
 *
 * @param etag   content hash of the graph; send it back in {@code If-Match} to save
 * @param issues validation of the graph (warnings and errors; nothing here blocks saving)
 */
public record Draft(UUID flowId, String etag, FlowGraph graph, List<Issue> issues, String updatedBy, OffsetDateTime updatedAt) {
}
