package dev.weft.designer.flow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.designer.graph.FlowGraph;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What changed between two graphs, by node and edge id.
 *
 * @param from          label of the older side, e.g. {@code "1"} or {@code "draft"}
 * @param to            label of the newer side
 * @param nameChanged   whether the flow's name differs
 * @param nodesAdded    ids only in {@code to}
 * @param nodesRemoved  ids only in {@code from}
 * @param nodesChanged  nodes in both that differ, with JSON Pointers (relative to the node) of what differs
 * @param edgesAdded    ids only in {@code to}
 * @param edgesRemoved  ids only in {@code from}
 * @param edgesChanged  edges in both that differ
 */
public record GraphDiff(String from, String to, boolean nameChanged, List<String> nodesAdded, List<String> nodesRemoved,
                        List<Change> nodesChanged, List<String> edgesAdded, List<String> edgesRemoved, List<Change> edgesChanged) {

    /** One changed node or edge. */
    public record Change(String id, List<String> paths) {
    }

    static GraphDiff between(ObjectMapper json, String fromLabel, FlowGraph from, String toLabel, FlowGraph to) {
        Map<String, JsonNode> fn = byId(json.valueToTree(from).path("nodes"));
        Map<String, JsonNode> tn = byId(json.valueToTree(to).path("nodes"));
        Map<String, JsonNode> fe = byId(json.valueToTree(from).path("edges"));
        Map<String, JsonNode> te = byId(json.valueToTree(to).path("edges"));
        return new GraphDiff(fromLabel, toLabel, !java.util.Objects.equals(from.name(), to.name()),
                minus(tn, fn), minus(fn, tn), changed(fn, tn), minus(te, fe), minus(fe, te), changed(fe, te));
    }

    private static Map<String, JsonNode> byId(JsonNode array) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        array.forEach(n -> out.put(n.path("id").asText(), n));
        return out;
    }

    private static List<String> minus(Map<String, JsonNode> a, Map<String, JsonNode> b) {
        return a.keySet().stream().filter(k -> !b.containsKey(k)).toList();
    }

    private static List<Change> changed(Map<String, JsonNode> a, Map<String, JsonNode> b) {
        List<Change> out = new ArrayList<>();
        a.forEach((id, old) -> {
            JsonNode now = b.get(id);
            if (now != null && !now.equals(old)) {
                List<String> paths = new ArrayList<>();
                paths(old, now, "", paths);
                out.add(new Change(id, paths));
            }
        });
        return out;
    }

    private static void paths(JsonNode a, JsonNode b, String at, List<String> out) {
        if (a != null && b != null && a.isObject() && b.isObject()) {
            Set<String> keys = new LinkedHashSet<>();
            a.fieldNames().forEachRemaining(keys::add);
            b.fieldNames().forEachRemaining(keys::add);
            for (String k : keys) {
                JsonNode x = a.get(k);
                JsonNode y = b.get(k);
                if (x == null || !x.equals(y)) {
                    paths(x, y, at + "/" + k.replace("~", "~0").replace("/", "~1"), out);
                }
            }
            return;
        }
        out.add(at.isEmpty() ? "/" : at);
    }
}
