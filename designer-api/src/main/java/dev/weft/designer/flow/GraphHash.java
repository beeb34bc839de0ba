package dev.weft.designer.flow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.designer.graph.FlowGraph;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.TreeMap;

/** Content hash of a graph, independent of JSON key order, used as the draft's ETag. */
final class GraphHash {

    private GraphHash() {
    }

    static String of(ObjectMapper json, FlowGraph graph) {
        try {
            byte[] canonical = json.writeValueAsBytes(sorted(json, json.valueToTree(graph)));
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical);
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode sorted(ObjectMapper json, JsonNode n) {
        if (n.isObject()) {
            TreeMap<String, JsonNode> fields = new TreeMap<>();
            n.fields().forEachRemaining(e -> fields.put(e.getKey(), sorted(json, e.getValue())));
            ObjectNode out = json.createObjectNode();
            fields.forEach(out::set);
            return out;
        }
        if (n.isArray()) {
            var out = json.createArrayNode();
            n.forEach(i -> out.add(sorted(json, i)));
            return out;
        }
        return n;
    }

    /** The ETag header form: a strong, quoted validator. */
    static String header(String etag) {
        return "\"" + etag + "\"";
    }

    /** Accepts {@code "abc"}, {@code W/"abc"} and bare {@code abc}. */
    static String fromHeader(String value) {
        String v = value.trim();
        if (v.startsWith("W/")) {
            v = v.substring(2);
        }
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            v = v.substring(1, v.length() - 1);
        }
        return v;
    }
}
