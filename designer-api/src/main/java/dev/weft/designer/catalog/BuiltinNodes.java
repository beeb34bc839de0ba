package dev.weft.designer.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/** The flow-control node types, defined here once: they have no element template because they are not jobs. */
final class BuiltinNodes {

    static final String ISO_DURATION = "^P(?!$)(\\d+Y)?(\\d+M)?(\\d+W)?(\\d+D)?(T(?=\\d)(\\d+H)?(\\d+M)?(\\d+(\\.\\d+)?S)?)?$";
    static final String PROCESS_ID = "^[A-Za-z_][A-Za-z0-9_.-]*$";

    private final ObjectMapper json;

    BuiltinNodes(ObjectMapper json) {
        this.json = json;
    }

    List<NodeType> all() {
        List<NodeType> out = new ArrayList<>();
        out.add(type("start", NodeKind.START, "Start", "Where a run begins; its input form defines the run's inputs.", "Flow",
                List.of(jsonField("form", "Input form", "Fields the caller provides: [{key, type, required, description}].", """
                        {"type":"array","items":{"type":"object","required":["key"],"additionalProperties":false,
                         "properties":{"key":{"type":"string","pattern":"^[A-Za-z_][A-Za-z0-9_]*$"},
                          "type":{"enum":["string","number","boolean","object","array"]},
                          "required":{"type":"boolean"},"description":{"type":"string"}}}}""")),
                "{}"));
        out.add(type("end", NodeKind.END, "End", "Where a run ends; its output mapping becomes the run's result.", "Flow",
                List.of(jsonField("outputs", "Output mapping", "Result entries: {key: expression}.", "{\"type\":\"object\",\"additionalProperties\":" + SettingsSchemas.expression() + "}")),
                "{}"));
        out.add(type("branch", NodeKind.BRANCH, "Branch", "Takes the first outgoing edge whose condition holds, else the default edge.",
                "Flow", List.of(), "{}"));
        out.add(type("parallel", NodeKind.PARALLEL, "Parallel", "Splits into all outgoing edges; with several incoming edges it waits for all of them.",
                "Flow", List.of(), "{}"));
        out.add(type("map", NodeKind.MAP, "Map", "Runs a published flow, or a small inline sub-graph, once per item of a list, "
                + "in parallel or in sequence.", "Flow",
                List.of(field("flowId", "Flow", "Process id of the published flow run per item (or give nodes).", SettingField.STRING,
                                false, null, PROCESS_ID),
                        jsonField("nodes", "Inline nodes", "The sub-graph run per item, in the graph format (tasks and scripts); "
                                + "inside, [mapId, itemVariable, ...path] selects from the item. Instead of flowId.", """
                                {"type":"array","items":{"type":"object","required":["id","type"]}}"""),
                        jsonField("edges", "Inline edges", "Edges between the inline nodes (one entry, one exit).", """
                                {"type":"array","items":{"type":"object","required":["id","source","target"]}}"""),
                        jsonField("result", "Result per item", "With inline nodes: what one item yields, a selector or FEEL "
                                + "over the inline nodes' outputs (default: the exit node's output).", "{}"),
                        new SettingField("items", "Items", "The list to iterate.", SettingField.EXPRESSION, true, null, List.of(),
                                null, null, new Binding.Compiled(), parse("{\"type\":\"array\"}")),
                        field("itemVariable", "Item variable", "Name under which the sub-flow sees one item.", SettingField.STRING, false,
                                "item", "^[A-Za-z_][A-Za-z0-9_]*$"),
                        field("parallel", "In parallel", "Run the items at the same time.", SettingField.BOOLEAN, false, true, null)),
                "{\"results\":{\"type\":\"array\"}}"));
        out.add(type("agent", NodeKind.AGENT, "Agent", "An LLM that calls its inline tool nodes until it can answer: each turn "
                + "the model sees the conversation and the tools, the tools it asks for run, their results join the "
                + "conversation, and it goes again; it stops when it answers without tool calls or after maxIterations.", "AI",
                List.of(field("model", "Model", "Route or model id of the deciding model (it must support tools).",
                                SettingField.STRING, true, null),
                        field("systemPrompt", "System prompt", "Instructions for the deciding model.", SettingField.TEXT, false, null),
                        new SettingField("prompt", "User prompt", "The goal the agent works on: text, FEEL or a selector.",
                                SettingField.EXPRESSION, true, null, List.of(), null, null, new Binding.Compiled(), null),
                        new SettingField("maxIterations", "Max iterations", "At most this many model turns; the tools the "
                                + "last turn asks for do not run.", SettingField.NUMBER, false, json.valueToTree(5), List.of(),
                                null, null, new Binding.Compiled(), null),
                        jsonField("nodes", "Tools", "The tool nodes the model may call, in the graph format (mcp-tool, http, "
                                + "retrieve, llm, script); a node's id is the tool name the model sees, its name the tool's "
                                + "description.", """
                                {"type":"array","minItems":1,"items":{"type":"object","required":["id","type"]}}"""),
                        jsonField("edges", "Tool edges", "Always empty: each tool runs on its own when the model asks for it.", """
                                {"type":"array","maxItems":0}""")),
                "{\"answer\":{\"type\":\"string\"},\"iterations\":{\"type\":\"integer\"},"
                        + "\"toolCalls\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}}}"));
        out.add(type("script", NodeKind.SCRIPT, "Script", "Computes a value with a FEEL expression.", "Flow",
                List.of(field("expression", "Expression", "FEEL expression; its value is the output 'result'.",
                        SettingField.EXPRESSION, true, null)),
                "{\"result\":{}}"));
        out.add(type("human-review", NodeKind.HUMAN_REVIEW, "Human review", "A person approves, edits or rejects before the run goes on.",
                "Flow",
                List.of(field("title", "Title", "What the reviewer sees as the task name.", SettingField.STRING, false, null),
                        field("assignee", "Assignee", "User the task is assigned to.", SettingField.STRING, false, null),
                        field("candidateGroups", "Candidate groups", "Comma list of groups that may claim the task.",
                                SettingField.STRING, false, null)),
                "{\"approved\":{\"type\":\"boolean\"},\"comment\":{\"type\":\"string\"},\"edited\":{}}"));
        out.add(type("sub-flow", NodeKind.SUB_FLOW, "Sub-flow", "Runs a published flow and waits for its result.", "Flow",
                List.of(field("flowId", "Flow", "Process id of the published flow.", SettingField.STRING, true, null, PROCESS_ID),
                        jsonField("inputs", "Inputs", "Variables passed to the sub-flow: {name: expression}.", "{\"type\":\"object\",\"additionalProperties\":" + SettingsSchemas.expression() + "}")),
                "{\"result\":{\"type\":\"object\"}}"));
        out.add(type("wait-message", NodeKind.WAIT_MESSAGE, "Wait for message", "Waits until a message with this name and correlation key arrives.",
                "Flow",
                List.of(field("messageName", "Message name", "Name of the message.", SettingField.STRING, true, null),
                        field("correlationKey", "Correlation key", "Expression whose value the message must carry.",
                                SettingField.EXPRESSION, true, null)),
                "{}"));
        out.add(type("timer", NodeKind.TIMER, "Timer", "Waits for a duration.", "Flow",
                List.of(field("duration", "Duration", "ISO-8601 duration, e.g. PT5M.", SettingField.STRING, true, null, ISO_DURATION)),
                "{}"));
        out.add(type("task", NodeKind.CUSTOM_JOB, "Custom task", "A job for your own workers (code track): any job type.", "Code",
                List.of(field("jobType", "Job type", "Job type your worker subscribes to.", SettingField.STRING, true, null),
                        jsonField("headers", "Headers", "Static task headers: {key: text}.", "{\"type\":\"object\",\"additionalProperties\":{\"type\":\"string\"}}"),
                        jsonField("inputs", "Inputs", "Input mappings: {name: expression}.", "{\"type\":\"object\",\"additionalProperties\":" + SettingsSchemas.expression() + "}")),
                "{\"result\":{}}"));
        return out;
    }

    private NodeType type(String type, NodeKind kind, String label, String description, String category,
                          List<SettingField> settings, String outputs) {
        return new NodeType(type, kind, label, description, category, null, null, settings,
                SettingsSchemas.of(settings), (ObjectNode) parse(outputs), List.of());
    }

    private SettingField field(String key, String label, String description, String type, boolean required, Object dflt) {
        return field(key, label, description, type, required, dflt, null);
    }

    private SettingField field(String key, String label, String description, String type, boolean required, Object dflt, String pattern) {
        return new SettingField(key, label, description, type, required, dflt == null ? null : json.valueToTree(dflt),
                List.of(), pattern, null, new Binding.Compiled(), null);
    }

    private SettingField jsonField(String key, String label, String description, String schema) {
        return new SettingField(key, label, description, SettingField.JSON, false, null, List.of(), null, null,
                new Binding.Compiled(), parse(schema));
    }

    private JsonNode parse(String text) {
        try {
            return json.readTree(text);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Bad built-in schema: " + text, e);
        }
    }
}
