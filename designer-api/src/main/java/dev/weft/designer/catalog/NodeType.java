package dev.weft.designer.catalog;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/**
 * A node the designer offers: its settings (with a JSON Schema generated from them) and its typed outputs.
 *
 * @param type           stable name used in graphs, e.g. {@code llm}, {@code branch}
 * @param kind           the BPMN shape it compiles to
 * @param label          palette label
 * @param description    palette help text
 * @param category       palette section
 * @param jobType        Zeebe job type for job nodes, else null
 * @param templateId     element template id for job nodes, else null
 * @param settings       the settings, in panel order
 * @param settingsSchema JSON Schema (draft 2020-12) of the {@code settings} object
 * @param outputs        JSON Schema per output key; a selector {@code [nodeId, key, ...path]} names one
 * @param errors         BPMN error codes the node may throw, with a description
 */
public record NodeType(
        String type,
        NodeKind kind,
        String label,
        String description,
        String category,
        String jobType,
        String templateId,
        List<SettingField> settings,
        ObjectNode settingsSchema,
        ObjectNode outputs,
        List<ErrorCode> errors) {

    public NodeType {
        settings = List.copyOf(settings);
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    /** A BPMN error a node can throw. */
    public record ErrorCode(String code, String description) {
    }

    public Optional<SettingField> setting(String key) {
        return settings.stream().filter(s -> s.key().equals(key)).findFirst();
    }

    /** Schema of one output key, or null when the node has no such output. */
    @JsonIgnore
    public JsonNode outputSchema(String key) {
        return outputs.get(key);
    }
}
