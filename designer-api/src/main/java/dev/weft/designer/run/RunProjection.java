package dev.weft.designer.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.designer.bpmn.InlineMap;
import dev.weft.designer.catalog.NodeKind;
import dev.weft.designer.graph.FlowGraph;
import dev.weft.designer.graph.GraphNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Turns one process instance's record log into test-run events. Deterministic: the same records give the same
 * events with the same ids, so a late subscriber or a resumed stream replays from the first record and skips what
 * it has seen.
 *
 * <p>Mapping BPMN back to the graph: an element whose id is a node id is that node; the generated helpers
 * {@code <node>__default} and {@code <node>__fallback} report as their node (status {@code defaulted} /
 * {@code fell_back}); other generated elements (boundary events, merges) and the inner instances of a
 * multi-instance body are not reported. A node's inputs are the local variables its input mappings create; its
 * outputs the variable it writes for downstream selectors ({@code <node>}, or {@code <node>_results} for a map),
 * the start node's the run's inputs, the end node's the run result. The first incident ends a test run as failed.
 */
final class RunProjection {

    /** A node activation as the projection sees it. */
    private static final class Elem {
        final String nodeId;
        final String elementId;
        final String helper;
        final long key;
        final long startedAt;
        final ObjectNode inputs;
        /** Variables written (outside its own scope) since it activated: where its output variable shows up. */
        final ObjectNode written;
        /** Variables written since its job completed or it began completing: a custom task's merged job result. */
        final ObjectNode completion;
        boolean activated;
        boolean collecting;
        boolean finished;
        ObjectNode error;
        ObjectNode finishedEvent;

        Elem(String nodeId, String elementId, String helper, long key, long startedAt, ObjectNode inputs, ObjectNode written) {
            this.nodeId = nodeId;
            this.elementId = elementId;
            this.helper = helper;
            this.key = key;
            this.startedAt = startedAt;
            this.inputs = inputs;
            this.written = written;
            this.completion = written.deepCopy();
        }
    }

    private final ObjectMapper json;
    private final String runId;
    private final long processInstanceKey;
    private final Map<String, NodeKind> kinds = new HashMap<>();
    private final ObjectNode runInputs;
    private final NodeUsage usage;

    private final ObjectNode rootVariables;
    private final Map<Long, Elem> elements = new LinkedHashMap<>();
    private final Set<Long> multiInstanceBodies = new HashSet<>();
    private final Map<String, ObjectNode> variablesAtFirstActivation = new HashMap<>();
    private long position;
    private long runStartedAt = -1;
    private String status = "running";
    private ObjectNode runFinished;
    private ObjectNode runError;
    private boolean endedByIncident;
    private boolean instanceEnded;
    private long promptTokens;
    private long completionTokens;
    private BigDecimal cost = BigDecimal.ZERO;

    RunProjection(ObjectMapper json, String runId, long processInstanceKey, FlowGraph graph,
                  Function<GraphNode, NodeKind> kindOf, ObjectNode runInputs, NodeUsage usage) {
        this.json = json;
        this.runId = runId;
        this.processInstanceKey = processInstanceKey;
        for (GraphNode n : graph.nodes()) {
            NodeKind k = kindOf.apply(n);
            if (k != null) {
                kinds.put(n.id(), k);
            }
            if ((k == NodeKind.MAP || k == NodeKind.AGENT) && InlineMap.isInline(n)) {
                // The inline nodes of a map report like top-level ones, once per item (own elementInstanceKey).
                try {
                    for (GraphNode inner : InlineMap.graph(json, n).nodes()) {
                        NodeKind ik = kindOf.apply(inner);
                        if (ik != null) {
                            kinds.put(inner.id(), ik);
                        }
                    }
                } catch (IllegalArgumentException unreadable) {
                    // a graph that ran was valid; nothing to add otherwise
                }
            }
        }
        this.runInputs = runInputs.deepCopy();
        this.usage = usage;
        this.rootVariables = json.createObjectNode();
    }

    long position() {
        return position;
    }

    boolean finished() {
        return runFinished != null;
    }

    /** Whether the run ended at an incident and its instance still waits there (it should be cancelled). */
    boolean endedByIncident() {
        return endedByIncident && !instanceEnded;
    }

    String status() {
        return status;
    }

    /** The root variables when the node was first activated, or null when it never ran. */
    ObjectNode variablesWhenActivated(String nodeId) {
        ObjectNode v = variablesAtFirstActivation.get(nodeId);
        return v == null ? null : v.deepCopy();
    }

    ObjectNode rootVariables() {
        return rootVariables.deepCopy();
    }

    /** Which nodes finished, each with its last node_finished data. */
    Map<String, ObjectNode> finishedNodes() {
        Map<String, ObjectNode> out = new LinkedHashMap<>();
        for (Elem e : elements.values()) {
            if (e.finishedEvent != null) {
                out.put(e.nodeId, e.finishedEvent);
            }
        }
        return out;
    }

    /** Activations that started and have not finished: what the run waits on. */
    List<ObjectNode> runningNodes() {
        List<ObjectNode> out = new ArrayList<>();
        for (Elem e : elements.values()) {
            if (e.activated && !e.finished) {
                out.add(base(e, e.startedAt));
            }
        }
        return out;
    }

    ObjectNode runFinishedEvent() {
        return runFinished;
    }

    long startedAt() {
        return runStartedAt;
    }

    /** Applies records in position order and returns the events they produce. */
    List<RunEvent> apply(List<RunRecords.RunRecord> records) {
        List<RunEvent> out = new ArrayList<>();
        for (RunRecords.RunRecord r : records) {
            if (r.position() <= position) {
                continue;
            }
            position = r.position();
            if (runFinished != null) {
                // What follows the end of a test run (cancelling after an incident) is not reported; only whether
                // the instance is gone, so it is not cancelled twice.
                if ("PROCESS_INSTANCE".equals(r.valueType()) && r.intent().equals("ELEMENT_TERMINATED")
                        && "PROCESS".equals(read(r.value()).path("bpmnElementType").asText())) {
                    instanceEnded = true;
                }
                continue;
            }
            List<ObjectNode> events = new ArrayList<>();
            JsonNode value = read(r.value());
            switch (r.valueType()) {
                case "PROCESS_INSTANCE" -> element(r, value, events);
                case "VARIABLE" -> variable(value);
                case "JOB" -> job(r, value);
                case "INCIDENT" -> incident(r, value, events);
                default -> { }
            }
            for (int i = 0; i < events.size(); i++) {
                ObjectNode e = events.get(i);
                out.add(new RunEvent(r.position() + "-" + i, e.path("event").asText(), e));
            }
        }
        return out;
    }

    private void element(RunRecords.RunRecord r, JsonNode v, List<ObjectNode> events) {
        String type = v.path("bpmnElementType").asText();
        String intent = r.intent();
        if ("PROCESS".equals(type)) {
            switch (intent) {
                case "ELEMENT_ACTIVATING" -> runStartedAt = r.timestamp();
                case "ELEMENT_COMPLETED" -> events.add(finishRun("completed", r.timestamp()));
                case "ELEMENT_TERMINATED" -> events.add(finishRun("cancelled", r.timestamp()));
                default -> { }
            }
            return;
        }
        if ("ELEMENT_ACTIVATING".equals(intent)) {
            if (multiInstanceBodies.contains(v.path("flowScopeKey").asLong())) {
                return; // one iteration of a map node: the node is its multi-instance body
            }
            String elementId = v.path("elementId").asText();
            String nodeId = elementId;
            String helper = null;
            int sep = elementId.indexOf("__");
            if (sep >= 0) {
                String suffix = elementId.substring(sep + 2);
                if (!suffix.equals("default") && !suffix.equals("fallback")) {
                    return;
                }
                nodeId = elementId.substring(0, sep);
                helper = suffix;
            }
            if (!kinds.containsKey(nodeId)) {
                return;
            }
            if ("MULTI_INSTANCE_BODY".equals(type)) {
                multiInstanceBodies.add(r.key());
            }
            variablesAtFirstActivation.putIfAbsent(nodeId, rootVariables.deepCopy());
            elements.put(r.key(), new Elem(nodeId, elementId, helper, r.key(), r.timestamp(), json.createObjectNode(),
                    json.createObjectNode()));
            return;
        }
        Elem e = elements.get(r.key());
        if (e == null || e.finished) {
            return;
        }
        switch (intent) {
            case "ELEMENT_ACTIVATED" -> {
                e.activated = true;
                ObjectNode started = base(e, r.timestamp());
                started.put("event", RunEvent.NODE_STARTED);
                started.set("inputs", e.inputs.deepCopy());
                events.add(started);
            }
            case "ELEMENT_COMPLETING" -> e.collecting = true;
            case "ELEMENT_COMPLETED" -> events.add(finishNode(e, e.helper == null ? "completed"
                    : e.helper.equals("default") ? "defaulted" : "fell_back", r.timestamp()));
            case "ELEMENT_TERMINATED" -> events.add(finishNode(e, e.error != null ? "failed" : "cancelled", r.timestamp()));
            default -> { }
        }
    }

    private void variable(JsonNode v) {
        String name = v.path("name").asText();
        JsonNode value = read(v.path("value").asText("null"));
        long scope = v.path("scopeKey").asLong();
        if (scope == processInstanceKey) {
            rootVariables.set(name, value);
        }
        Elem own = elements.get(scope);
        if (own != null && !own.activated) {
            own.inputs.set(name, value); // input mappings run while the element activates
        }
        for (Elem e : elements.values()) {
            if (e.activated && !e.finished && scope != e.key) {
                e.written.set(name, value);
                if (e.collecting) {
                    e.completion.set(name, value);
                }
            }
        }
    }

    private void job(RunRecords.RunRecord r, JsonNode v) {
        Elem e = elements.get(v.path("elementInstanceKey").asLong());
        if (e == null || e.finished) {
            return;
        }
        switch (r.intent()) {
            // The worker's variables are merged when the job completes, before the element completes.
            case "COMPLETED" -> e.collecting = true;
            case "ERROR_THROWN" -> e.error = error(v.path("errorCode").asText(null), v.path("errorMessage").asText(null));
            case "FAILED" -> e.error = error("JOB_FAILED", v.path("errorMessage").asText(null));
            default -> { }
        }
    }

    private void incident(RunRecords.RunRecord r, JsonNode v, List<ObjectNode> events) {
        if (!"CREATED".equals(r.intent())) {
            return;
        }
        ObjectNode err = error(v.path("errorType").asText(null), v.path("errorMessage").asText(null));
        Elem e = elements.get(v.path("elementInstanceKey").asLong());
        if (e != null && !e.finished) {
            e.error = err;
            events.add(finishNode(e, "failed", r.timestamp()));
            err.put("nodeId", e.nodeId);
        } else {
            err.put("elementId", v.path("elementId").asText());
        }
        runError = err;
        endedByIncident = true;
        events.add(finishRun("failed", r.timestamp()));
    }

    private ObjectNode finishNode(Elem e, String nodeStatus, long at) {
        e.finished = true;
        e.collecting = false;
        ObjectNode n = base(e, at);
        n.put("event", RunEvent.NODE_FINISHED);
        n.put("status", nodeStatus);
        n.set("inputs", e.inputs.deepCopy());
        boolean produced = nodeStatus.equals("completed") || nodeStatus.equals("defaulted") || nodeStatus.equals("fell_back");
        if (produced) {
            n.set("outputs", outputs(e));
        }
        n.put("durationMs", Math.max(0, at - e.startedAt));
        NodeUsage.Usage u = usage == null ? null : usage.of(processInstanceKey, e.elementId);
        if (u != null) {
            ObjectNode t = n.putObject("tokens");
            t.put("prompt", u.promptTokens());
            t.put("completion", u.completionTokens());
            t.put("total", u.promptTokens() + u.completionTokens());
            n.put("costUsd", u.costUsd());
            promptTokens += u.promptTokens();
            completionTokens += u.completionTokens();
            cost = cost.add(u.costUsd());
        }
        if (e.error != null && !produced) {
            n.set("error", e.error.deepCopy());
        }
        e.finishedEvent = n.deepCopy();
        e.finishedEvent.remove("event");
        return n;
    }

    private JsonNode outputs(Elem e) {
        NodeKind kind = kinds.get(e.nodeId);
        if (kind == NodeKind.START) {
            return runInputs.deepCopy();
        }
        if (kind == NodeKind.END) {
            JsonNode result = rootVariables.get("result");
            return result != null && result.isObject() ? result.deepCopy() : json.createObjectNode();
        }
        if (e.written.has(e.nodeId)) {
            JsonNode v = e.written.get(e.nodeId);
            if (v.isObject()) {
                return v.deepCopy();
            }
            ObjectNode wrapped = json.createObjectNode();
            wrapped.set("value", v);
            return wrapped;
        }
        String results = e.nodeId + "_results";
        if (e.written.has(results)) {
            ObjectNode wrapped = json.createObjectNode();
            wrapped.set("results", e.written.get(results));
            return wrapped;
        }
        return e.completion.deepCopy(); // a custom task: its job variables as they came
    }

    private ObjectNode finishRun(String runStatus, long at) {
        status = runStatus;
        ObjectNode f = json.createObjectNode();
        f.put("event", RunEvent.RUN_FINISHED);
        f.put("runId", runId);
        f.put("at", Instant.ofEpochMilli(at).toString());
        f.put("status", runStatus);
        JsonNode result = rootVariables.get("result");
        f.set("outputs", result != null && result.isObject() ? result.deepCopy() : json.createObjectNode());
        f.put("durationMs", runStartedAt < 0 ? 0 : Math.max(0, at - runStartedAt));
        ObjectNode t = f.putObject("tokens");
        t.put("prompt", promptTokens);
        t.put("completion", completionTokens);
        t.put("total", promptTokens + completionTokens);
        f.put("costUsd", cost);
        if (runError != null) {
            f.set("error", runError.deepCopy());
        }
        runFinished = f.deepCopy();
        runFinished.remove("event");
        return f;
    }

    private ObjectNode base(Elem e, long at) {
        ObjectNode n = json.createObjectNode();
        n.put("runId", runId);
        n.put("nodeId", e.nodeId);
        n.put("elementId", e.elementId);
        n.put("elementInstanceKey", e.key);
        n.put("at", Instant.ofEpochMilli(at).toString());
        return n;
    }

    private ObjectNode error(String code, String message) {
        ObjectNode err = json.createObjectNode();
        if (code != null) {
            err.put("code", code);
        }
        err.put("message", message == null || message.isBlank() ? "The node failed without a message." : message);
        return err;
    }

    private JsonNode read(String text) {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A record of process instance " + processInstanceKey + " is not JSON", e);
        }
    }
}
