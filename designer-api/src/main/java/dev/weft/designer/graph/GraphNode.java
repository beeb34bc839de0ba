package dev.weft.designer.graph;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One node of a flow.
 *
 * @param id          unique in the flow; also the BPMN element id and the variable its outputs live in,
 *                    so it must be a FEEL name ({@code [A-Za-z_][A-Za-z0-9_]*})
 * @param type        a node type of the catalog
 * @param name        label on the canvas
 * @param position    top-left corner on the canvas, or null to let the layout place it
 * @param settings    values keyed like the node type's settings
 * @param errorPolicy what happens when the node fails (job nodes), or null for the defaults
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GraphNode(String id, String type, String name, Position position, ObjectNode settings, ErrorPolicy errorPolicy) {

    public GraphNode {
        settings = settings == null ? JsonNodeFactory.instance.objectNode() : settings;
    }

    /** The setting's value, or a missing node when it is absent. */
    public JsonNode setting(String key) {
        return settings.path(key);
    }

    public GraphNode withPosition(Position p) {
        return new GraphNode(id, type, name, p, settings, errorPolicy);
    }
}
