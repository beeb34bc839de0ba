package dev.weft.workers.llm.step;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.weft.workers.job.InvalidInputException;
import java.io.IOException;
import java.util.List;
import java.util.Set;

/** Parses a model's answer as JSON and validates it against the node's JSON Schema. */
final class JsonOutput {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

    private final JsonSchema schema;

    private JsonOutput(JsonSchema schema) {
        this.schema = schema;
    }

    static JsonOutput compile(JsonNode schemaNode) {
        if (!schemaNode.isObject()) {
            throw new InvalidInputException("jsonSchema", "must be a JSON object (a JSON Schema)");
        }
        try {
            return new JsonOutput(FACTORY.getSchema(schemaNode));
        } catch (RuntimeException e) {
            throw new InvalidInputException("jsonSchema", "is not a usable JSON Schema: " + e.getMessage());
        }
    }

    /** The parsed value and the problems found; {@code value} is null when the text is not JSON at all. */
    record Check(JsonNode value, List<String> problems) {
        boolean valid() {
            return value != null && problems.isEmpty();
        }
    }

    Check check(String text) {
        JsonNode value = parse(text);
        if (value == null) {
            return new Check(null, List.of("the answer is not JSON"));
        }
        Set<ValidationMessage> errors = schema.validate(value);
        return new Check(value, errors.stream().map(ValidationMessage::getMessage).sorted().toList());
    }

    /** Models like to wrap JSON in Markdown fences or a sentence; take the outermost JSON value. */
    static JsonNode parse(String text) {
        if (text == null) {
            return null;
        }
        String t = text.strip();
        if (t.startsWith("```")) {
            int firstNewline = t.indexOf('\n');
            int lastFence = t.lastIndexOf("```");
            if (firstNewline > 0 && lastFence > firstNewline) {
                t = t.substring(firstNewline + 1, lastFence).strip();
            }
        }
        JsonNode direct = tryParse(t);
        if (direct != null) {
            return direct;
        }
        int start = indexOfAny(t, '{', '[');
        int end = Math.max(t.lastIndexOf('}'), t.lastIndexOf(']'));
        return start >= 0 && end > start ? tryParse(t.substring(start, end + 1)) : null;
    }

    private static JsonNode tryParse(String s) {
        try {
            JsonNode n = JSON.readTree(s);
            return n == null || n.isMissingNode() ? null : n;
        } catch (IOException e) {
            return null;
        }
    }

    private static int indexOfAny(String s, char a, char b) {
        int i = s.indexOf(a);
        int j = s.indexOf(b);
        return i < 0 ? j : j < 0 ? i : Math.min(i, j);
    }
}
