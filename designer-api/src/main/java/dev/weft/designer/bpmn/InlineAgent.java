package dev.weft.designer.bpmn;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.designer.graph.FlowGraph;
import dev.weft.designer.graph.GraphNode;
import java.util.List;

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
     * Local variable of each tool element holding the arguments of the model's call to it (a context, {@code {}}
     * when the call had none); a tool's settings may read it, e.g. {@code {{toolArguments.query}}} in a template.
     */
    public static final String ARGUMENTS_VARIABLE = "toolArguments";

    /**
     * The tools offered to the model ({@code weft.llm}'s {@code tools} header): each inline node under its id, its
     * name as the description, and a JSON-Schema {@code parameters} object for the arguments the model passes:
     * an mcp-tool node's declared {@code inputSchema} setting, else any object; retrieve {@code {query}};
     * http any object; llm and script {@code {input}}.
     */
    static ArrayNode toolSpecs(ObjectMapper json, FlowGraph tools) {
        ArrayNode out = json.createArrayNode();
        for (GraphNode n : tools.nodes()) {
            ObjectNode spec = out.addObject();
            spec.put("name", n.id());
            spec.put("description", n.name() == null || n.name().isBlank() ? n.id() : n.name());
            spec.set("parameters", parameters(json, n));
        }
        return out;
    }

    private static ObjectNode parameters(ObjectMapper json, GraphNode n) {
        return switch (n.type()) {
            case "mcp-tool" -> declaredSchema(json, n.setting("inputSchema"));
            case "retrieve" -> oneString(json, "query", "What to search for");
            case "llm", "script" -> oneString(json, "input", "The input for this tool");
            default -> anyObject(json);
        };
    }

    /** The declared schema (a JSON object, or JSON text of one), else any object. */
    private static ObjectNode declaredSchema(ObjectMapper json, JsonNode declared) {
        JsonNode schema = declared;
        if (declared.isTextual() && !declared.asText().isBlank()) {
            try {
                schema = json.readTree(declared.asText());
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("inputSchema is not valid JSON: " + e.getOriginalMessage());
            }
        }
        return schema != null && schema.isObject() ? ((ObjectNode) schema).deepCopy() : anyObject(json);
    }

    /** Whether an mcp-tool's {@code inputSchema} setting is absent or a JSON object (or JSON text of one). */
    public static boolean isSchema(ObjectMapper json, JsonNode declared) {
        if (declared.isMissingNode() || declared.isNull() || declared.isObject()) {
            return true;
        }
        if (!declared.isTextual()) {
            return false;
        }
        try {
            return declared.asText().isBlank() || json.readTree(declared.asText()).isObject();
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    private static ObjectNode anyObject(ObjectMapper json) {
        ObjectNode o = json.createObjectNode();
        o.put("type", "object");
        o.put("additionalProperties", true);
        return o;
    }

    private static ObjectNode oneString(ObjectMapper json, String field, String description) {
        ObjectNode o = json.createObjectNode();
        o.put("type", "object");
        ObjectNode f = o.putObject("properties").putObject(field);
        f.put("type", "string");
        f.put("description", description);
        o.putArray("required").add(field);
        return o;
    }

    /**
     * A setting a tool of some type takes from the model's call when the node leaves it empty: the job variable
     * {@code target} is set to {@code path} below the call's arguments ({@code ""}: the whole arguments). The
     * variable wins over a header of that name, so an explicit setting (which leaves the variable out) still decides.
     */
    record FromCall(String setting, String target, String path) {
    }

    static List<FromCall> fromCall(String type) {
        return switch (type) {
            case "mcp-tool" -> List.of(new FromCall("arguments", "arguments", ""));
            case "retrieve" -> List.of(new FromCall("input.query", "query", ".query"));
            case "llm" -> List.of(new FromCall("prompt", "prompt", ".input"));
            default -> List.of();
        };
    }

    /** Whether a missing setting at {@code pointer} (below the tool node) is filled from the model's call. */
    public static boolean takesFromCall(String type, String pointer) {
        return fromCall(type).stream().anyMatch(f -> pointer.equals("/settings/" + f.setting()));
    }
}
