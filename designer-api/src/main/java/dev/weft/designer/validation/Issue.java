package dev.weft.designer.validation;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * One finding about a graph, placed so the canvas can show it on the right node or edge.
 *
 * @param severity {@code error} blocks publishing; {@code warning} never does
 * @param code     stable machine-readable code, e.g. {@code MISSING_SETTING}
 * @param nodeId   the node concerned, or null
 * @param edgeId   the edge concerned, or null
 * @param pointer  JSON Pointer into the graph document, e.g. {@code /nodes/2/settings/collection}
 * @param message  a sentence for the analyst
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Issue(Severity severity, String code, String nodeId, String edgeId, String pointer, String message) {

    public enum Severity {
        ERROR, WARNING;

        @JsonValue
        public String json() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public static Issue error(String code, String nodeId, String edgeId, String pointer, String message) {
        return new Issue(Severity.ERROR, code, nodeId, edgeId, pointer, message);
    }

    public static Issue warning(String code, String nodeId, String edgeId, String pointer, String message) {
        return new Issue(Severity.WARNING, code, nodeId, edgeId, pointer, message);
    }

    @JsonIgnore
    public boolean isError() {
        return severity == Severity.ERROR;
    }
}
