package dev.weft.designer.graph;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Optional;

/**
 * The designer's flow document: nodes with positions and settings, and the edges between them. This is
 * what drafts store, what the frontend edits and what compiles to BPMN.
 *
 * @param formatVersion version of this format; readers reject versions they do not know
 * @param name          display name of the flow
 * @param nodes         the nodes, ids unique
 * @param edges         the edges, ids unique
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FlowGraph(int formatVersion, String name, List<GraphNode> nodes, List<GraphEdge> edges) {

    /** The format this code writes and reads. */
    public static final int FORMAT_VERSION = 1;

    public FlowGraph {
        nodes = nodes == null ? List.of() : List.copyOf(nodes);
        edges = edges == null ? List.of() : List.copyOf(edges);
    }

    public Optional<GraphNode> node(String id) {
        return nodes.stream().filter(n -> n.id().equals(id)).findFirst();
    }

    public List<GraphEdge> outgoing(String nodeId) {
        return edges.stream().filter(e -> nodeId.equals(e.source())).toList();
    }

    public List<GraphEdge> incoming(String nodeId) {
        return edges.stream().filter(e -> nodeId.equals(e.target())).toList();
    }
}
