package dev.weft.testsupport.llm;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * A request a fake server received, in arrival order.
 *
 * @param method  HTTP method
 * @param path    request path without query
 * @param headers request headers, names lowercase
 * @param body    raw body
 * @param json    the body parsed, or {@code null} when it was not JSON
 */
public record RecordedRequest(String method, String path, Map<String, List<String>> headers, String body, JsonNode json) {

    /** First value of a header (name case-insensitive), or null. */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** The {@code model} field of a JSON body, or null. */
    public String model() {
        return json == null || !json.hasNonNull("model") ? null : json.get("model").asText();
    }

    /** Whether the body asked for a streamed answer. */
    public boolean streaming() {
        return json != null && json.path("stream").asBoolean(false);
    }

    @Override
    public String toString() {
        // Authorization and api-key headers stay out of assertion messages.
        return "RecordedRequest[" + method + " " + path + ", body=" + body + "]";
    }
}
