package dev.weft.designer.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.designer.graph.GraphNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every node type the designer offers: the job nodes generated from the element templates in
 * {@code weft-bpmn-templates} at start, and the flow-control nodes of {@link BuiltinNodes}.
 */
public final class NodeCatalog {

    private final Map<String, NodeType> types;

    private NodeCatalog(List<NodeType> all) {
        Map<String, NodeType> byType = new LinkedHashMap<>();
        for (NodeType t : all) {
            if (byType.put(t.type(), t) != null) {
                throw new IllegalStateException("Two node types are named '" + t.type() + "'");
            }
        }
        this.types = Collections.unmodifiableMap(byType);
    }

    /** Reads the element templates from the class path; fails fast when one cannot be compiled. */
    public static NodeCatalog load(ObjectMapper json) {
        List<NodeType> all = new ArrayList<>();
        all.addAll(new BuiltinNodes(json).all().stream().filter(t -> t.kind() == NodeKind.START).toList());
        all.addAll(new ElementTemplateReader(json).readAll());
        all.addAll(new BuiltinNodes(json).all().stream().filter(t -> t.kind() != NodeKind.START).toList());
        return new NodeCatalog(all);
    }

    public Collection<NodeType> all() {
        return types.values();
    }

    public Optional<NodeType> find(String type) {
        return Optional.ofNullable(type).map(types::get);
    }

    /** The node type of a job type such as {@code weft.llm}, used when importing BPMN. */
    public Optional<NodeType> byJobType(String jobType) {
        return types.values().stream().filter(t -> jobType != null && jobType.equals(t.jobType())).findFirst();
    }

    /**
     * Output keys and their schemas of one node in a graph. Most types have fixed outputs; a start node's
     * outputs are its form fields, and a custom task's outputs are unknown (any key is accepted).
     */
    public Optional<ObjectNode> outputsOf(GraphNode node) {
        NodeType t = types.get(node.type());
        if (t == null) {
            return Optional.empty();
        }
        return switch (t.kind()) {
            case START -> {
                ObjectNode out = JsonNodeFactory.instance.objectNode();
                for (JsonNode f : node.setting("form")) {
                    String type = f.path("type").asText("string");
                    out.set(f.path("key").asText(), JsonNodeFactory.instance.objectNode().put("type", type));
                }
                yield Optional.of(out);
            }
            case CUSTOM_JOB -> Optional.empty();
            default -> Optional.of(outputsWithResultVariable(t, node));
        };
    }

    /** A job node's output key is its {@code resultVariable} setting when one is given. */
    private static ObjectNode outputsWithResultVariable(NodeType t, GraphNode node) {
        if (t.kind() != NodeKind.JOB || !node.setting("resultVariable").isTextual()) {
            return t.outputs();
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.set(node.setting("resultVariable").asText(), t.outputs().elements().next());
        return out;
    }

    /** Whether any output key of the node is accepted (its outputs are not declared). */
    public boolean acceptsAnyOutput(GraphNode node) {
        return find(node.type()).map(t -> t.kind() == NodeKind.CUSTOM_JOB).orElse(false);
    }
}
