package dev.weft.engine.gateway.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Variables travel through the Zeebe gateway protocol as JSON-object strings; the client sends {@code ""} when
 * there are none. This is the one place that turns those strings into maps and back, so every RPC validates
 * them the same way and names the offending field.
 */
public final class VariablesJson {

    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            // Deeply nested documents are a cheap way to exhaust the stack of a parser; Zeebe has the same kind of cap.
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(200).build())
            .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private VariablesJson() {
    }

    /**
     * Parses a variables document.
     *
     * @param field the request field the document came from, used in the error message
     * @param json  a JSON object, or {@code null}/blank for none
     * @return the variables in document order; empty for none
     * @throws InvalidVariablesException when the text is not JSON or not an object
     */
    public static Map<String, Object> parse(String field, String json) {
        if (json == null || json.isBlank()) {
            return Map.of();
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidVariablesException(field, "expected a JSON object, but the text is not valid JSON ("
                    + e.getOriginalMessage() + ")");
        }
        if (node == null || node.isMissingNode()) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw new InvalidVariablesException(field, "expected a JSON object, but got a JSON "
                    + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + " ('" + abbreviate(json) + "')");
        }
        Map<String, Object> result = MAPPER.convertValue(node, LinkedHashMap.class);
        return Collections.unmodifiableMap(result);
    }

    /** Checks a variables map that came from a JSON body already bound by a framework; {@code null} is none. */
    public static Map<String, Object> orEmpty(Map<String, Object> variables) {
        return variables == null ? Map.of() : variables;
    }

    /** Renders variables as the JSON-object string the protocol expects ({@code "{}"} for none). */
    public static String write(Map<String, ?> variables) {
        if (variables == null || variables.isEmpty()) {
            return "{}";
        }
        try {
            return MAPPER.writeValueAsString(variables);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Variables could not be rendered as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Renders any value (for example a task header map) as JSON. */
    public static String writeValue(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Value could not be rendered as JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static String abbreviate(String text) {
        String t = text.strip();
        return t.length() <= 40 ? t : t.substring(0, 37) + "...";
    }
}
