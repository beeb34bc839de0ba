package dev.weft.designer.graph;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A connection between two nodes.
 *
 * @param id        unique in the flow; also the BPMN sequence flow id
 * @param source    id of the node the edge leaves
 * @param target    id of the node the edge enters
 * @param condition FEEL condition (edges leaving a branch), with or without the leading {@code =}
 * @param isDefault the branch's default edge, taken when no condition holds
 * @param kind      {@code normal}, or {@code error} for the edge an {@code onError: branch} policy follows
 * @param label     label on the canvas
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GraphEdge(String id, String source, String target, String condition, Boolean isDefault, String kind, String label) {

    public static final String NORMAL = "normal";
    public static final String ERROR = "error";

    public GraphEdge {
        kind = kind == null ? NORMAL : kind;
    }

    @JsonIgnore
    public boolean isErrorEdge() {
        return ERROR.equals(kind);
    }

    @JsonIgnore
    public boolean defaultEdge() {
        return Boolean.TRUE.equals(isDefault);
    }
}
