package dev.weft.designer.bpmn;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.designer.catalog.NodeKind;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Compiles setting values to FEEL. A value is FEEL when it is a string starting with {@code =}, a selector
 * {@code {"selector": [nodeId, key, ...path]}}, or a literal that becomes a FEEL literal.
 *
 * <p>Where outputs live (the contract between the generator and selectors): a node {@code n} writes its
 * outputs into one variable named {@code n} holding {@code {key: value}}; exceptions are the start node
 * (its form fields are plain process variables), custom tasks (their job variables are merged as they come)
 * and the map node (the collected results are the variable {@code n_results}).
 */
public final class Expressions {

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private Expressions() {
    }

    /** Whether a setting value is a selector object. */
    public static boolean isSelector(JsonNode v) {
        return v != null && v.isObject() && v.has("selector") && v.get("selector").isArray();
    }

    /** Whether a setting value is a FEEL expression ({@code "=..."}). */
    public static boolean isFeel(JsonNode v) {
        return v != null && v.isTextual() && v.asText().startsWith("=");
    }

    /** The FEEL text (without the leading {@code =}) that yields this value. */
    public static String toFeel(JsonNode v, Function<String, NodeKind> kindOfNode) {
        if (v == null || v.isMissingNode() || v.isNull()) {
            return "null";
        }
        if (isFeel(v)) {
            return v.asText().substring(1).trim();
        }
        if (isSelector(v)) {
            return selector(v.get("selector"), kindOfNode);
        }
        if (v.isTextual()) {
            return stringLiteral(v.asText());
        }
        if (v.isNumber() || v.isBoolean()) {
            return v.asText();
        }
        if (v.isArray()) {
            List<String> items = new ArrayList<>();
            v.forEach(i -> items.add(toFeel(i, kindOfNode)));
            return "[" + String.join(", ", items) + "]";
        }
        List<String> entries = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            entries.add(contextKey(e.getKey()) + ": " + toFeel(e.getValue(), kindOfNode));
        }
        return "{" + String.join(", ", entries) + "}";
    }

    /** {@code [nodeId, key, ...path]} as a FEEL path; list indexes are 0-based in JSON and 1-based in FEEL. */
    static String selector(JsonNode sel, Function<String, NodeKind> kindOfNode) {
        String nodeId = sel.path(0).asText();
        String key = sel.path(1).asText();
        NodeKind kind = kindOfNode.apply(nodeId);
        StringBuilder out = new StringBuilder(switch (kind == null ? NodeKind.JOB : kind) {
            case START, CUSTOM_JOB -> name(key);
            case MAP -> name(nodeId + "_results");
            default -> name(nodeId) + "." + name(key);
        });
        for (int i = 2; i < sel.size(); i++) {
            JsonNode step = sel.get(i);
            if (step.isInt() || step.isLong()) {
                out.append('[').append(step.asLong() + 1).append(']');
            } else {
                out.append('.').append(name(step.asText()));
            }
        }
        return out.toString();
    }

    /** The variable name a map node's results are collected in. */
    public static String mapResults(String nodeId) {
        return nodeId + "_results";
    }

    static String name(String n) {
        return NAME.matcher(n).matches() ? n : "`" + n.replace("`", "") + "`";
    }

    static String contextKey(String k) {
        return NAME.matcher(k).matches() ? k : stringLiteral(k);
    }

    public static String stringLiteral(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
