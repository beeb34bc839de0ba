package dev.weft.designer.bpmn;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.designer.graph.FlowGraph;
import dev.weft.designer.graph.GraphNode;

/**
 * The agent node: a deciding model and its inline tool nodes ({@code settings.nodes}, in the graph format, with
 * no edges between them). The generator compiles the loop into one embedded sub-process marked with the node type,
 * which the importer maps back; the tool nodes are read like an inline map's ({@link InlineMap#graph}).
 */
public final class InlineAgent {

    /** Model turns when {@code maxIterations} is not set. */
    public static final int DEFAULT_MAX_ITERATIONS = 5;
    /** Job type of the deciding model's task. */
    static final String LLM_JOB_TYPE = "weft.llm";

    private InlineAgent() {
    }

    /**
     * The tools offered to the model ({@code weft.llm}'s {@code tools} header): each inline node under its id, its
     * name as the description. The nodes take their inputs from their own settings, so the model is asked for no
     * arguments.
     */
    static ArrayNode toolSpecs(ObjectMapper json, FlowGraph tools) {
        ArrayNode out = json.createArrayNode();
        for (GraphNode n : tools.nodes()) {
            ObjectNode spec = out.addObject();
            spec.put("name", n.id());
            spec.put("description", n.name() == null || n.name().isBlank() ? n.id() : n.name());
            spec.putObject("parameters").put("type", "object").putObject("properties");
        }
        return out;
    }
}
