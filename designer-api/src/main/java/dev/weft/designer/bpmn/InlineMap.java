package dev.weft.designer.bpmn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.designer.graph.FlowGraph;
import dev.weft.designer.graph.GraphEdge;
import dev.weft.designer.graph.GraphNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The inline sub-graph of a map node: {@code settings.nodes} and {@code settings.edges} in the graph format, run
 * once per item. It has one entry (the inner node no inner edge leads to) and one exit (the one no inner edge leaves).
 */
public final class InlineMap {

    private InlineMap() {
    }

    /** Whether the map node carries an inline sub-graph (instead of calling a published flow). */
    public static boolean isInline(GraphNode map) {
        return map.setting("nodes").isArray() && map.setting("nodes").size() > 0;
    }

    /**
     * The sub-graph as a graph of its own.
     *
     * @throws IllegalArgumentException when {@code nodes} or {@code edges} are not in the graph format
     */
    public static FlowGraph graph(ObjectMapper json, GraphNode map) {
        List<GraphNode> nodes = new ArrayList<>();
        List<GraphEdge> edges = new ArrayList<>();
        try {
            for (JsonNode n : map.setting("nodes")) {
                nodes.add(json.treeToValue(n, GraphNode.class));
            }
            for (JsonNode e : map.setting("edges")) {
                edges.add(json.treeToValue(e, GraphEdge.class));
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException | RuntimeException e) {
            throw new IllegalArgumentException("The inline nodes or edges of map '" + map.id() + "' are not in the graph "
                    + "format: " + e.getMessage(), e);
        }
        return new FlowGraph(FlowGraph.FORMAT_VERSION, map.name(), nodes, edges);
    }

    /** The inner nodes no inner edge leads to (a valid sub-graph has exactly one). */
    public static List<String> entries(FlowGraph inner) {
        return inner.nodes().stream().map(GraphNode::id).filter(id -> inner.incoming(id).isEmpty()).toList();
    }

    /** The inner nodes no inner edge leaves (a valid sub-graph has exactly one). */
    public static List<String> exits(FlowGraph inner) {
        return inner.nodes().stream().map(GraphNode::id).filter(id -> inner.outgoing(id).isEmpty()).toList();
    }

    static String entry(FlowGraph inner) {
        return entries(inner).get(0);
    }

    static String exit(FlowGraph inner) {
        return exits(inner).get(0);
    }
}
