package dev.weft.designer.validation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.designer.bpmn.InlineAgent;
import dev.weft.designer.bpmn.InlineMap;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.designer.bpmn.Expressions;
import dev.weft.designer.catalog.NodeCatalog;
import dev.weft.designer.catalog.NodeKind;
import dev.weft.designer.catalog.NodeType;
import dev.weft.designer.catalog.SettingField;
import dev.weft.designer.graph.ErrorPolicy;
import dev.weft.designer.graph.ErrorPolicy.OnError;
import dev.weft.designer.graph.FlowGraph;
import dev.weft.designer.graph.GraphEdge;
import dev.weft.designer.graph.GraphNode;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Finds what is wrong with a graph and says where: each issue names the node or edge and a JSON Pointer
 * into the graph document. Errors block publishing; warnings are shown on save.
 */
public final class GraphValidator {

    private static final Pattern ID = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern ISO_DURATION = Pattern.compile(
            "P(?!$)(\\d+Y)?(\\d+M)?(\\d+W)?(\\d+D)?(T(?=\\d)(\\d+H)?(\\d+M)?(\\d+(\\.\\d+)?S)?)?");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final NodeCatalog catalog;
    private final FeelChecker feel;

    public GraphValidator(NodeCatalog catalog, FeelChecker feel) {
        this.catalog = catalog;
        this.feel = feel;
    }

    public List<Issue> validate(FlowGraph graph) {
        return new Run(graph).run();
    }

    private final class Run {
        private final FlowGraph g;
        private final List<Issue> issues = new ArrayList<>();
        private final Map<String, GraphNode> nodes = new HashMap<>();
        private final Map<String, Integer> nodeIndex = new HashMap<>();
        private final Map<String, Set<String>> ancestors = new HashMap<>();

        Run(FlowGraph g) {
            this.g = g;
        }

        List<Issue> run() {
            if (g.formatVersion() != FlowGraph.FORMAT_VERSION) {
                issues.add(Issue.error("FORMAT_VERSION", null, null, "/formatVersion", "Format version " + g.formatVersion()
                        + " is not supported; this server reads version " + FlowGraph.FORMAT_VERSION + "."));
                return issues;
            }
            ids();
            edges();
            startAndEnd();
            reachabilityAndCycles();
            for (int i = 0; i < g.nodes().size(); i++) {
                GraphNode n = g.nodes().get(i);
                if (nodes.get(n.id()) != n) {
                    continue;
                }
                catalog.find(n.type()).ifPresent(t -> {
                    settings(n, t);
                    errorPolicy(n, t);
                    branches(n, t);
                    if (t.kind() == NodeKind.MAP) {
                        mapBody(n);
                    }
                    if (t.kind() == NodeKind.AGENT) {
                        agentTools(n);
                    }
                });
            }
            return issues;
        }

        /**
         * A map runs a published flow or an inline sub-graph. The sub-graph is validated like a flow of its own in
         * which the map node is the start node whose one form field is the item, and the result the end node's
         * output; its issues are reported on the map node with pointers into {@code settings}.
         */
        private void mapBody(GraphNode map) {
            String p = np(map.id()) + "/settings";
            boolean inline = InlineMap.isInline(map);
            boolean called = map.setting("flowId").isTextual() && !map.setting("flowId").asText().isBlank();
            if (inline == called) {
                issues.add(Issue.error("MAP_BODY", map.id(), null, p, "Map '" + map.id() + "' needs either flowId (a "
                        + "published flow run per item) or nodes (an inline sub-graph), not " + (inline ? "both." : "neither.")));
                return;
            }
            if (!inline) {
                return;
            }
            FlowGraph inner;
            try {
                inner = InlineMap.graph(JSON, map);
            } catch (IllegalArgumentException e) {
                issues.add(Issue.error("MAP_BODY", map.id(), null, p + "/nodes", e.getMessage()));
                return;
            }
            int before = issues.size();
            for (int i = 0; i < inner.nodes().size(); i++) {
                GraphNode n = inner.nodes().get(i);
                NodeKind k = catalog.find(n.type()).map(NodeType::kind).orElse(null);
                if (k != null && k != NodeKind.JOB && k != NodeKind.CUSTOM_JOB && k != NodeKind.SCRIPT) {
                    issues.add(Issue.error("MAP_INNER_NODE", map.id(), null, p + "/nodes/" + i + "/type", "Inside map '"
                            + map.id() + "', node '" + n.id() + "' is a " + n.type() + " node; an inline sub-graph holds "
                            + "tasks and scripts only."));
                }
                if (nodes.containsKey(n.id())) {
                    issues.add(Issue.error("DUPLICATE_ID", map.id(), null, p + "/nodes/" + i + "/id", "Inside map '"
                            + map.id() + "', node id '" + n.id() + "' is also a node of the flow; ids are unique across both."));
                }
            }
            List<String> entries = InlineMap.entries(inner);
            List<String> exits = InlineMap.exits(inner);
            if (entries.size() != 1 || exits.size() != 1) {
                issues.add(Issue.error("MAP_INNER_SHAPE", map.id(), null, p + "/edges", "The inline sub-graph of map '"
                        + map.id() + "' needs one first node and one last node; it has first " + entries + " and last " + exits + "."));
            }
            if (issues.size() > before) {
                return;
            }
            ObjectNode form = JSON.createObjectNode();
            form.putArray("form").addObject().put("key", map.setting("itemVariable").asText("item"));
            String endId = "map_end_" + map.id();
            ObjectNode end = JSON.createObjectNode();
            if (!map.setting("result").isMissingNode() && !map.setting("result").isNull()) {
                end.putObject("outputs").set("result", map.setting("result"));
            }
            List<GraphNode> all = new ArrayList<>();
            all.add(new GraphNode(map.id(), "start", map.name(), null, form, null));
            all.addAll(inner.nodes());
            all.add(new GraphNode(endId, "end", null, null, end, null));
            List<GraphEdge> edges = new ArrayList<>(inner.edges());
            edges.add(new GraphEdge("map_in_" + map.id(), map.id(), entries.get(0), null, null, null, null));
            edges.add(new GraphEdge("map_out_" + map.id(), exits.get(0), endId, null, null, null, null));
            Set<String> synthetic = new HashSet<>(List.of(map.id(), endId, "map_in_" + map.id(), "map_out_" + map.id()));
            for (Issue i : new Run(new FlowGraph(FlowGraph.FORMAT_VERSION, map.name(), all, edges)).run()) {
                if (synthetic.contains(i.nodeId()) && !endId.equals(i.nodeId()) || synthetic.contains(i.edgeId())) {
                    continue;
                }
                String pointer = i.pointer();
                String at = p;
                if (endId.equals(i.nodeId())) {
                    at = p + "/result";
                } else if (pointer != null && pointer.startsWith("/nodes/")) {
                    String rest = pointer.substring("/nodes/".length());
                    int slash = rest.indexOf('/');
                    int index = Integer.parseInt(slash < 0 ? rest : rest.substring(0, slash)) - 1;
                    at = p + "/nodes/" + index + (slash < 0 ? "" : rest.substring(slash));
                } else if (pointer != null && pointer.startsWith("/edges/")) {
                    at = p + pointer;
                }
                String where = i.nodeId() != null && !endId.equals(i.nodeId()) ? "node '" + i.nodeId() + "'"
                        : i.edgeId() != null ? "edge '" + i.edgeId() + "'" : "the result";
                issues.add(new Issue(i.severity(), i.code(), map.id(), null, at, "Inside map '" + map.id() + "', "
                        + where + ": " + i.message()));
            }
        }

        /**
         * An agent's inline tools: Weft tasks or scripts, no edges between them, ids unique across the flow (an id is
         * the tool name the model calls). Each tool is validated like a flow of its own in which the agent node is
         * the start; its issues are reported on the agent node with pointers into {@code settings}.
         */
        private void agentTools(GraphNode agent) {
            String p = np(agent.id()) + "/settings";
            JsonNode max = agent.setting("maxIterations");
            if (max.isNumber() && (!max.canConvertToInt() || max.asDouble() != max.asInt() || max.asInt() < 1)) {
                issues.add(Issue.error("INVALID_SETTING", agent.id(), null, p + "/maxIterations", "'Max iterations' of agent '"
                        + agent.id() + "' must be a whole number of at least 1, got " + max + "."));
            }
            if (!InlineMap.isInline(agent)) {
                issues.add(Issue.error("AGENT_TOOLS", agent.id(), null, p + "/nodes", "Agent '" + agent.id()
                        + "' needs at least one tool node in 'nodes'."));
                return;
            }
            if (agent.setting("edges").isArray() && agent.setting("edges").size() > 0) {
                issues.add(Issue.error("AGENT_TOOLS", agent.id(), null, p + "/edges", "Agent '" + agent.id() + "' has edges "
                        + "between its tools; each tool runs on its own when the model calls it, so 'edges' must be empty."));
            }
            FlowGraph tools;
            try {
                tools = InlineMap.graph(JSON, agent);
            } catch (IllegalArgumentException e) {
                issues.add(Issue.error("AGENT_TOOLS", agent.id(), null, p + "/nodes", "The tools of agent '" + agent.id()
                        + "' are not in the graph format: " + (e.getCause() != null && e.getCause().getMessage() != null
                        ? e.getCause().getMessage() : e.getMessage())));
                return;
            }
            for (int i = 0; i < tools.nodes().size(); i++) {
                GraphNode n = tools.nodes().get(i);
                String at = p + "/nodes/" + i;
                NodeKind k = catalog.find(n.type()).map(NodeType::kind).orElse(null);
                if (k != null && k != NodeKind.JOB && k != NodeKind.SCRIPT) {
                    issues.add(Issue.error("AGENT_INNER_NODE", agent.id(), null, at + "/type", "Inside agent '" + agent.id()
                            + "', tool '" + n.id() + "' is a " + n.type() + " node; a tool is a Weft task (mcp-tool, http, "
                            + "retrieve, llm, ...) or a script, whose output the agent can read back."));
                    continue;
                }
                if (nodes.containsKey(n.id())) {
                    issues.add(Issue.error("DUPLICATE_ID", agent.id(), null, at + "/id", "Inside agent '" + agent.id()
                            + "', tool id '" + n.id() + "' is also a node of the flow; ids are unique across both."));
                    continue;
                }
                if (tools.nodes().stream().filter(o -> o.id() != null && o.id().equals(n.id())).count() > 1) {
                    issues.add(Issue.error("DUPLICATE_ID", agent.id(), null, at + "/id", "Inside agent '" + agent.id()
                            + "', tool id '" + n.id() + "' is used twice."));
                    continue;
                }
                ErrorPolicy policy = n.errorPolicy();
                if (policy != null && (policy.onErrorOrStop() != OnError.STOP || policy.timeout() != null)) {
                    issues.add(Issue.error("AGENT_TOOL_POLICY", agent.id(), null, at + "/errorPolicy", "Inside agent '"
                            + agent.id() + "', tool '" + n.id() + "' has an onError or timeout policy; a tool only takes "
                            + "retries and backoff (a failed tool stops the run)."));
                    continue;
                }
                // The tool alone between the agent (as the start) and an end: settings, selectors and FEEL checked
                // as for any node.
                String endId = "agent_end_" + agent.id();
                List<GraphNode> all = List.of(new GraphNode(agent.id(), "start", agent.name(), null, null, null), n,
                        new GraphNode(endId, "end", null, null, null, null));
                List<GraphEdge> edges = List.of(new GraphEdge("agent_in_" + agent.id(), agent.id(), n.id(), null, null, null, null),
                        new GraphEdge("agent_out_" + agent.id(), n.id(), endId, null, null, null, null));
                if ("mcp-tool".equals(n.type()) && !InlineAgent.isSchema(JSON, n.setting("inputSchema"))) {
                    issues.add(Issue.error("INVALID_SETTING", agent.id(), null, at + "/settings/inputSchema", "Inside agent '"
                            + agent.id() + "', tool '" + n.id() + "': 'inputSchema' must be a JSON-Schema object (or its JSON text)."));
                }
                Set<String> synthetic = new HashSet<>(List.of(agent.id(), endId, "agent_in_" + agent.id(), "agent_out_" + agent.id()));
                for (Issue issue : new Run(new FlowGraph(FlowGraph.FORMAT_VERSION, agent.name(), all, edges)).run()) {
                    if (synthetic.contains(issue.nodeId()) || synthetic.contains(issue.edgeId())) {
                        continue;
                    }
                    String pointer = issue.pointer();
                    String rest = pointer != null && pointer.startsWith("/nodes/1") ? pointer.substring("/nodes/1".length()) : "";
                    if ("MISSING_SETTING".equals(issue.code()) && InlineAgent.takesFromCall(n.type(), rest)) {
                        continue; // the agent fills it from the model's call
                    }
                    if ("UNKNOWN_SETTING".equals(issue.code()) && "mcp-tool".equals(n.type()) && rest.equals("/settings/inputSchema")) {
                        continue; // read by the agent, offered to the model as the tool's parameters
                    }
                    issues.add(new Issue(issue.severity(), issue.code(), agent.id(), null, at + rest, "Inside agent '"
                            + agent.id() + "', tool '" + n.id() + "': " + issue.message()));
                }
            }
        }

        private String np(String nodeId) {
            return "/nodes/" + nodeIndex.get(nodeId);
        }

        private void ids() {
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < g.nodes().size(); i++) {
                GraphNode n = g.nodes().get(i);
                String p = "/nodes/" + i;
                if (n.id() == null || !ID.matcher(n.id()).matches()) {
                    issues.add(Issue.error("INVALID_ID", n.id(), null, p + "/id", "Node id '" + n.id()
                            + "' must start with a letter or _ and contain only letters, digits and _ (it names the node's output variable)."));
                    continue;
                }
                if (n.id().contains("__")) {
                    issues.add(Issue.error("INVALID_ID", n.id(), null, p + "/id", "Node id '" + n.id()
                            + "' contains '__', which is reserved for elements the designer generates."));
                    continue;
                }
                if (!seen.add(n.id())) {
                    issues.add(Issue.error("DUPLICATE_ID", n.id(), null, p + "/id", "Node id '" + n.id() + "' is used twice."));
                    continue;
                }
                if (catalog.find(n.type()).isEmpty()) {
                    issues.add(Issue.error("UNKNOWN_NODE_TYPE", n.id(), null, p + "/type", "Node '" + n.id()
                            + "' has type '" + n.type() + "', which is not in the catalog."));
                }
                nodes.put(n.id(), n);
                nodeIndex.put(n.id(), i);
            }
            for (int j = 0; j < g.edges().size(); j++) {
                GraphEdge e = g.edges().get(j);
                if (e.id() == null || !ID.matcher(e.id()).matches()) {
                    issues.add(Issue.error("INVALID_ID", null, e.id(), "/edges/" + j + "/id", "Edge id '" + e.id()
                            + "' must start with a letter or _ and contain only letters, digits and _."));
                } else if (e.id().contains("__")) {
                    issues.add(Issue.error("INVALID_ID", null, e.id(), "/edges/" + j + "/id", "Edge id '" + e.id()
                            + "' contains '__', which is reserved for elements the designer generates."));
                } else if (!seen.add(e.id())) {
                    issues.add(Issue.error("DUPLICATE_ID", null, e.id(), "/edges/" + j + "/id", "Edge id '" + e.id()
                            + "' is already used by another node or edge."));
                }
            }
        }

        private void edges() {
            for (int j = 0; j < g.edges().size(); j++) {
                GraphEdge e = g.edges().get(j);
                String p = "/edges/" + j;
                if (!nodes.containsKey(e.source())) {
                    issues.add(Issue.error("DANGLING_EDGE", null, e.id(), p + "/source", "Edge '" + e.id()
                            + "' starts at '" + e.source() + "', which is not a node of this flow."));
                }
                if (!nodes.containsKey(e.target())) {
                    issues.add(Issue.error("DANGLING_EDGE", null, e.id(), p + "/target", "Edge '" + e.id()
                            + "' ends at '" + e.target() + "', which is not a node of this flow."));
                }
                if (e.condition() != null && !e.condition().isBlank()) {
                    feel.check(e.condition(), null, e.id(), p + "/condition").ifPresent(issues::add);
                    if (kind(e.source()) != NodeKind.BRANCH) {
                        issues.add(Issue.warning("CONDITION_IGNORED", null, e.id(), p + "/condition", "Edge '" + e.id()
                                + "' has a condition but does not leave a branch node; the condition is ignored."));
                    }
                }
                if (!GraphEdge.NORMAL.equals(e.kind()) && !GraphEdge.ERROR.equals(e.kind())) {
                    issues.add(Issue.error("INVALID_EDGE_KIND", null, e.id(), p + "/kind", "Edge kind must be 'normal' or 'error', got '" + e.kind() + "'."));
                }
            }
        }

        private NodeKind kind(String nodeId) {
            GraphNode n = nodes.get(nodeId);
            return n == null ? null : catalog.find(n.type()).map(NodeType::kind).orElse(null);
        }

        private void startAndEnd() {
            List<GraphNode> starts = g.nodes().stream().filter(n -> kind(n.id()) == NodeKind.START && nodes.get(n.id()) == n).toList();
            if (starts.isEmpty()) {
                issues.add(Issue.error("NO_START", null, null, "/nodes", "The flow needs one start node."));
            }
            for (int i = 1; i < starts.size(); i++) {
                issues.add(Issue.error("MULTIPLE_START", starts.get(i).id(), null, np(starts.get(i).id()),
                        "The flow has more than one start node; only one is allowed."));
            }
            if (g.nodes().stream().noneMatch(n -> kind(n.id()) == NodeKind.END)) {
                issues.add(Issue.warning("NO_END", null, null, "/nodes", "The flow has no end node, so its run has no result."));
            }
            for (GraphNode n : nodes.values()) {
                NodeKind k = kind(n.id());
                if (k == NodeKind.START && !g.incoming(n.id()).isEmpty()) {
                    issues.add(Issue.error("START_HAS_INCOMING", n.id(), g.incoming(n.id()).get(0).id(), np(n.id()),
                            "The start node '" + n.id() + "' cannot have incoming edges."));
                }
                if (k == NodeKind.END && !g.outgoing(n.id()).isEmpty()) {
                    issues.add(Issue.error("END_HAS_OUTGOING", n.id(), g.outgoing(n.id()).get(0).id(), np(n.id()),
                            "The end node '" + n.id() + "' cannot have outgoing edges."));
                }
            }
        }

        private void reachabilityAndCycles() {
            Map<String, List<GraphEdge>> out = new HashMap<>();
            for (GraphEdge e : g.edges()) {
                if (nodes.containsKey(e.source()) && nodes.containsKey(e.target())) {
                    out.computeIfAbsent(e.source(), k -> new ArrayList<>()).add(e);
                }
            }
            Set<String> reached = new HashSet<>();
            ArrayDeque<String> frontier = new ArrayDeque<>();
            nodes.values().stream().filter(n -> kind(n.id()) == NodeKind.START).forEach(n -> frontier.add(n.id()));
            reached.addAll(frontier);
            while (!frontier.isEmpty()) {
                for (GraphEdge e : out.getOrDefault(frontier.poll(), List.of())) {
                    if (reached.add(e.target())) {
                        frontier.add(e.target());
                    }
                }
            }
            boolean hasStart = nodes.values().stream().anyMatch(n -> kind(n.id()) == NodeKind.START);
            for (GraphNode n : g.nodes()) {
                if (hasStart && nodes.get(n.id()) == n && !reached.contains(n.id())) {
                    issues.add(Issue.warning("UNREACHABLE_NODE", n.id(), null, np(n.id()),
                            "Node '" + n.id() + "' cannot be reached from the start node; it never runs."));
                }
            }
            // Cycles: a back edge found by depth-first search closes one. Loops over lists use the map node.
            Map<String, Integer> state = new HashMap<>();
            for (GraphNode n : g.nodes()) {
                if (nodes.get(n.id()) == n && !state.containsKey(n.id())) {
                    dfs(n.id(), out, state);
                }
            }
            // Ancestors for "is this reference upstream?", computed on the edges that are not back edges.
            Map<String, List<GraphEdge>> in = new HashMap<>();
            for (GraphEdge e : g.edges()) {
                in.computeIfAbsent(e.target(), k -> new ArrayList<>()).add(e);
            }
            for (GraphNode n : nodes.values()) {
                Set<String> seen = new HashSet<>();
                ArrayDeque<String> q = new ArrayDeque<>(List.of(n.id()));
                while (!q.isEmpty()) {
                    for (GraphEdge e : in.getOrDefault(q.poll(), List.of())) {
                        if (nodes.containsKey(e.source()) && seen.add(e.source())) {
                            q.add(e.source());
                        }
                    }
                }
                ancestors.put(n.id(), seen);
            }
        }

        private void dfs(String start, Map<String, List<GraphEdge>> out, Map<String, Integer> state) {
            ArrayDeque<Object[]> stack = new ArrayDeque<>();
            stack.push(new Object[] {start, 0});
            state.put(start, 1);
            while (!stack.isEmpty()) {
                Object[] top = stack.peek();
                String cur = (String) top[0];
                List<GraphEdge> next = out.getOrDefault(cur, List.of());
                int i = (Integer) top[1];
                if (i < next.size()) {
                    top[1] = i + 1;
                    GraphEdge e = next.get(i);
                    Integer s = state.get(e.target());
                    if (s == null) {
                        state.put(e.target(), 1);
                        stack.push(new Object[] {e.target(), 0});
                    } else if (s == 1) {
                        issues.add(Issue.error("CYCLE", e.target(), e.id(), "/edges/" + g.edges().indexOf(e),
                                "Edge '" + e.id() + "' closes a cycle back to '" + e.target()
                                        + "'. Flows cannot loop; iterate over a list with a map node instead."));
                    }
                } else {
                    state.put(cur, 2);
                    stack.pop();
                }
            }
        }

        private void settings(GraphNode n, NodeType t) {
            String p = np(n.id()) + "/settings";
            for (Iterator<String> it = n.settings().fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (t.setting(key).isEmpty()) {
                    issues.add(Issue.warning("UNKNOWN_SETTING", n.id(), null, p + "/" + key, "Node type '" + t.type()
                            + "' has no setting '" + key + "'; it is ignored."));
                }
            }
            for (SettingField f : t.settings()) {
                JsonNode v = n.setting(f.key());
                String at = p + "/" + f.key();
                boolean empty = v.isMissingNode() || v.isNull() || (v.isTextual() && v.asText().isBlank());
                if (empty) {
                    if (f.required()) {
                        issues.add(Issue.error("MISSING_SETTING", n.id(), null, at, "'" + f.label() + "' (" + f.key()
                                + ") of node '" + n.id() + "' is required."));
                    }
                    continue;
                }
                value(n, f, v, at);
            }
        }

        private void value(GraphNode n, SettingField f, JsonNode v, String at) {
            switch (f.type()) {
                case SettingField.STRING, SettingField.TEXT -> {
                    if (!v.isTextual()) {
                        mismatch(n, f, at, "text", v);
                    } else if (f.pattern() != null && !Pattern.compile(f.pattern()).matcher(v.asText()).find()) {
                        issues.add(Issue.error("INVALID_SETTING", n.id(), null, at, "'" + f.label() + "' of node '" + n.id()
                                + "' does not match " + f.pattern() + ": '" + v.asText() + "'."));
                    }
                }
                case SettingField.NUMBER -> {
                    if (!v.isNumber()) {
                        mismatch(n, f, at, "a number", v);
                    }
                }
                case SettingField.BOOLEAN -> {
                    if (!v.isBoolean()) {
                        mismatch(n, f, at, "true or false", v);
                    }
                }
                case SettingField.ENUM -> {
                    if (!v.isTextual() || !f.choices().contains(v.asText())) {
                        issues.add(Issue.error("INVALID_SETTING", n.id(), null, at, "'" + f.label() + "' of node '" + n.id()
                                + "' must be one of " + f.choices() + ", got " + v + "."));
                    }
                }
                case SettingField.EXPRESSION -> expression(n, f.schema(), v, at, f.label());
                case SettingField.JSON -> json(n, f, v, at);
                default -> throw new IllegalStateException(f.type());
            }
        }

        private void mismatch(GraphNode n, SettingField f, String at, String expected, JsonNode v) {
            issues.add(Issue.error("TYPE_MISMATCH", n.id(), null, at, "'" + f.label() + "' of node '" + n.id()
                    + "' must be " + expected + ", got " + v + "."));
        }

        /** json settings: object maps and the start form; expression values inside are checked too. */
        private void json(GraphNode n, SettingField f, JsonNode v, String at) {
            String expected = f.schema() == null ? null : f.schema().path("type").asText(null);
            if ("object".equals(expected) && !v.isObject() || "array".equals(expected) && !v.isArray()) {
                mismatch(n, f, at, "a JSON " + expected, v);
                return;
            }
            JsonNode additional = f.schema() == null ? null : f.schema().get("additionalProperties");
            boolean expressions = additional != null && additional.has("anyOf");
            if (v.isObject() && expressions) {
                v.fields().forEachRemaining(e -> expression(n, null, e.getValue(), at + "/" + e.getKey(), f.label() + " '" + e.getKey() + "'"));
            }
            if (f.key().equals("form") && v.isArray()) {
                Set<String> keys = new HashSet<>();
                for (int i = 0; i < v.size(); i++) {
                    String key = v.get(i).path("key").asText("");
                    if (!ID.matcher(key).matches()) {
                        issues.add(Issue.error("INVALID_SETTING", n.id(), null, at + "/" + i + "/key", "Form field key '" + key
                                + "' must be a variable name (letters, digits, _)."));
                    } else if (!keys.add(key)) {
                        issues.add(Issue.error("INVALID_SETTING", n.id(), null, at + "/" + i + "/key", "Form field '" + key + "' appears twice."));
                    }
                }
            }
        }

        private void expression(GraphNode n, JsonNode expectedSchema, JsonNode v, String at, String label) {
            if (Expressions.isFeel(v)) {
                feel.check(v.asText(), n.id(), null, at).ifPresent(issues::add);
                return;
            }
            if (Expressions.isSelector(v)) {
                JsonNode target = selector(n, v.get("selector"), at);
                if (target != null && expectedSchema != null) {
                    String want = expectedSchema.path("type").asText(null);
                    String got = target.path("type").asText(null);
                    if (want != null && got != null && !compatible(want, got)) {
                        issues.add(Issue.error("TYPE_MISMATCH", n.id(), null, at, label + " of node '" + n.id() + "' expects "
                                + want + ", but " + v.get("selector") + " is " + got + "."));
                    }
                }
                return;
            }
            if (expectedSchema != null && expectedSchema.has("type")) {
                String want = expectedSchema.path("type").asText();
                String got = v.isTextual() ? "string" : v.isIntegralNumber() ? "integer" : v.isNumber() ? "number"
                        : v.isBoolean() ? "boolean" : v.isArray() ? "array" : v.isObject() ? "object" : "null";
                if (!compatible(want, got)) {
                    issues.add(Issue.error("TYPE_MISMATCH", n.id(), null, at, label + " of node '" + n.id() + "' expects "
                            + want + ", got " + got + " " + v + "."));
                }
            }
        }

        private boolean compatible(String want, String got) {
            return want.equals(got) || (want.equals("number") && got.equals("integer"));
        }

        /** Checks a selector and returns the schema it points at, or null when unknown or invalid. */
        private JsonNode selector(GraphNode n, JsonNode sel, String at) {
            if (sel.size() < 2 || !sel.get(0).isTextual() || !sel.get(1).isTextual()) {
                issues.add(Issue.error("INVALID_REFERENCE", n.id(), null, at, "A selector is [nodeId, key, ...path]; got " + sel + "."));
                return null;
            }
            String refId = sel.get(0).asText();
            GraphNode ref = nodes.get(refId);
            if (ref == null) {
                issues.add(Issue.error("UNKNOWN_REFERENCE", n.id(), null, at, "Node '" + n.id() + "' refers to node '" + refId
                        + "', which does not exist."));
                return null;
            }
            if (!ancestors.getOrDefault(n.id(), Set.of()).contains(refId)) {
                issues.add(Issue.error("REFERENCE_NOT_UPSTREAM", n.id(), null, at, "Node '" + n.id() + "' refers to '" + refId
                        + "', which does not run before it; connect '" + refId + "' upstream of '" + n.id() + "'."));
            }
            if (catalog.acceptsAnyOutput(ref)) {
                return null;
            }
            JsonNode outputs = catalog.outputsOf(ref).orElse(null);
            String key = sel.get(1).asText();
            JsonNode schema = outputs == null ? null : outputs.get(key);
            if (schema == null) {
                issues.add(Issue.error("UNKNOWN_REFERENCE", n.id(), null, at, "Node '" + refId + "' has no output '" + key
                        + "'" + (outputs == null || outputs.isEmpty() ? "" : "; it has " + iterableToList(outputs.fieldNames())) + "."));
                return null;
            }
            for (int i = 2; i < sel.size(); i++) {
                JsonNode step = sel.get(i);
                if (step.isInt() && schema.path("type").asText("").equals("array")) {
                    schema = schema.path("items");
                } else if (step.isTextual() && schema.has("properties")) {
                    JsonNode next = schema.path("properties").get(step.asText());
                    if (next == null) {
                        issues.add(Issue.error("UNKNOWN_REFERENCE", n.id(), null, at, "Output '" + key + "' of node '" + refId
                                + "' has no field '" + step.asText() + "'; it has " + iterableToList(schema.path("properties").fieldNames()) + "."));
                        return null;
                    }
                    schema = next;
                } else {
                    return null; // untyped below this point: nothing more to check
                }
                if (schema.isMissingNode()) {
                    return null;
                }
            }
            return schema;
        }

        private List<String> iterableToList(Iterator<String> it) {
            List<String> out = new ArrayList<>();
            it.forEachRemaining(out::add);
            return out;
        }

        private void branches(GraphNode n, NodeType t) {
            if (t.kind() != NodeKind.BRANCH) {
                return;
            }
            List<GraphEdge> out = g.outgoing(n.id());
            if (out.size() == 1 && out.get(0).condition() == null) {
                return; // a branch node used to merge paths: one way out, nothing to decide
            }
            long defaults = out.stream().filter(GraphEdge::defaultEdge).count();
            if (defaults > 1) {
                issues.add(Issue.error("MULTIPLE_DEFAULT_EDGES", n.id(), null, np(n.id()), "Branch '" + n.id() + "' has "
                        + defaults + " default edges; at most one is allowed."));
            }
            for (GraphEdge e : out) {
                if (!e.defaultEdge() && (e.condition() == null || e.condition().isBlank())) {
                    issues.add(Issue.error("MISSING_CONDITION", n.id(), e.id(), "/edges/" + g.edges().indexOf(e) + "/condition",
                            "Edge '" + e.id() + "' leaves branch '" + n.id() + "' without a condition; give it one or make it the default."));
                }
            }
            if (defaults == 0 && !out.isEmpty()) {
                issues.add(Issue.warning("NO_DEFAULT_EDGE", n.id(), null, np(n.id()), "Branch '" + n.id()
                        + "' has no default edge; a run where no condition holds stops with an incident."));
            }
        }

        private void errorPolicy(GraphNode n, NodeType t) {
            ErrorPolicy p = n.errorPolicy();
            List<GraphEdge> errorEdges = g.outgoing(n.id()).stream().filter(GraphEdge::isErrorEdge).toList();
            boolean job = t.kind() == NodeKind.JOB || t.kind() == NodeKind.CUSTOM_JOB;
            String at = np(n.id()) + "/errorPolicy";
            if (p == null) {
                errorEdges.forEach(e -> issues.add(Issue.error("ERROR_EDGE_WITHOUT_POLICY", n.id(), e.id(), "/edges/" + g.edges().indexOf(e),
                        "Edge '" + e.id() + "' is an error edge, but node '" + n.id() + "' has no onError: branch policy.")));
                return;
            }
            if (!job) {
                issues.add(Issue.warning("ERROR_POLICY_IGNORED", n.id(), null, at, "Only task nodes have an error policy; the one on '"
                        + n.id() + "' is ignored."));
                return;
            }
            if (p.retries() != null && p.retries() < 0) {
                issues.add(Issue.error("INVALID_SETTING", n.id(), null, at + "/retries", "Retries of '" + n.id() + "' cannot be negative."));
            }
            duration(n, p.backoff(), at + "/backoff");
            duration(n, p.timeout(), at + "/timeout");
            OnError on = p.onErrorOrStop();
            if (on == OnError.BRANCH && errorEdges.isEmpty()) {
                issues.add(Issue.error("MISSING_ERROR_EDGE", n.id(), null, at + "/onError", "Node '" + n.id()
                        + "' continues on a fail branch, but no error edge leaves it."));
            }
            if (on != OnError.BRANCH) {
                errorEdges.forEach(e -> issues.add(Issue.error("ERROR_EDGE_WITHOUT_POLICY", n.id(), e.id(), "/edges/" + g.edges().indexOf(e),
                        "Edge '" + e.id() + "' is an error edge, but node '" + n.id() + "' reacts with onError: " + on.json() + ".")));
            }
            if (on == OnError.FALLBACK) {
                if (t.setting("model").isEmpty()) {
                    issues.add(Issue.error("INVALID_SETTING", n.id(), null, at + "/onError", "A fallback model only applies to LLM nodes; '"
                            + n.id() + "' is a " + t.type() + " node."));
                } else if (p.fallbackModel() == null || p.fallbackModel().isBlank()) {
                    issues.add(Issue.error("MISSING_SETTING", n.id(), null, at + "/fallbackModel", "Node '" + n.id()
                            + "' falls back to another model, but fallbackModel is empty."));
                }
            }
            if (on == OnError.DEFAULT && (p.defaultValue() == null)) {
                issues.add(Issue.error("MISSING_SETTING", n.id(), null, at + "/defaultValue", "Node '" + n.id()
                        + "' continues with a default value, but defaultValue is missing."));
            }
        }

        private void duration(GraphNode n, String value, String at) {
            if (value == null) {
                return;
            }
            boolean ok = ISO_DURATION.matcher(value).matches();
            if (ok) {
                try {
                    if (!value.contains("Y") && !value.contains("W") && !value.matches("P\\d+M.*")) {
                        Duration.parse(value);
                    }
                } catch (DateTimeParseException e) {
                    ok = false;
                }
            }
            if (!ok) {
                issues.add(Issue.error("INVALID_DURATION", n.id(), null, at, "'" + value + "' is not an ISO-8601 duration such as PT30S."));
            }
        }
    }
}
