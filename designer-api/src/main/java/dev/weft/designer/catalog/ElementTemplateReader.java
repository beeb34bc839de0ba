package dev.weft.designer.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.templates.WeftTemplates;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a Camunda element template into a node type, so Camunda Modeler and the Weft designer share one
 * source of truth for every job node's settings.
 */
final class ElementTemplateReader {

    private final ObjectMapper json;

    ElementTemplateReader(ObjectMapper json) {
        this.json = json;
    }

    List<NodeType> readAll() {
        List<NodeType> out = new ArrayList<>();
        for (String resource : WeftTemplates.elementTemplates()) {
            try (InputStream in = WeftTemplates.open(resource)) {
                out.add(read(resource, json.readTree(in)));
            } catch (IOException e) {
                throw new UncheckedIOException("Unreadable element template " + resource, e);
            }
        }
        return out;
    }

    NodeType read(String resource, JsonNode t) {
        JsonNode weft = t.path("metadata").path("weft");
        String nodeType = require(resource, weft, "nodeType");
        String jobType = require(resource, weft, "jobType");
        List<SettingField> settings = new ArrayList<>();
        String resultDefault = null;
        for (JsonNode p : t.path("properties")) {
            JsonNode binding = p.path("binding");
            String bindingType = binding.path("type").asText();
            String type = p.path("type").asText();
            if (type.equals("Hidden")) {
                continue;
            }
            boolean required = p.path("constraints").path("notEmpty").asBoolean(false);
            String pattern = p.path("constraints").path("pattern").path("value").asText(null);
            String label = p.path("label").asText();
            String description = p.path("description").asText(null);
            String group = p.path("group").asText(null);
            switch (bindingType) {
                case "zeebe:taskHeader" -> {
                    String key = binding.path("key").asText();
                    if (key.equals("resultVariable")) {
                        resultDefault = p.path("value").asText();
                    }
                    List<String> choices = new ArrayList<>();
                    p.path("choices").forEach(c -> choices.add(c.path("value").asText()));
                    settings.add(new SettingField(key, label, description, settingType(resource, type), required,
                            p.has("value") ? p.get("value") : null, choices, pattern, group, new Binding.Header(key), null));
                }
                case "zeebe:input" -> settings.add(new SettingField(p.path("id").asText(), label, description,
                        SettingField.EXPRESSION, required, p.has("value") ? p.get("value") : null, List.of(), null, group,
                        new Binding.Input(binding.path("name").asText()),
                        weft.path("inputs").get(binding.path("name").asText())));
                case "zeebe:taskDefinition" -> {
                    // retries belong to the node's error policy, which compiles to the same attribute
                }
                default -> throw new IllegalStateException("Element template " + resource + " binds property '"
                        + p.path("id").asText() + "' to " + bindingType + ", which the designer does not compile");
            }
        }
        if (resultDefault == null) {
            throw new IllegalStateException("Element template " + resource + " has no resultVariable header");
        }
        ObjectNode outputs = JsonNodeFactory.instance.objectNode();
        outputs.set(resultDefault, weft.path("outputs").deepCopy());
        List<NodeType.ErrorCode> errors = new ArrayList<>();
        weft.path("errors").forEach(e -> errors.add(new NodeType.ErrorCode(e.path("code").asText(), e.path("description").asText())));
        String name = t.path("name").asText().replaceFirst("^Weft: ", "");
        return new NodeType(nodeType, NodeKind.JOB, name, t.path("description").asText(), "AI", jobType,
                t.path("id").asText(), settings, SettingsSchemas.of(settings), outputs, errors);
    }

    private static String settingType(String resource, String templateType) {
        return switch (templateType) {
            case "String" -> SettingField.STRING;
            case "Text" -> SettingField.TEXT;
            case "Number" -> SettingField.NUMBER;
            case "Boolean" -> SettingField.BOOLEAN;
            case "Dropdown" -> SettingField.ENUM;
            default -> throw new IllegalStateException("Element template " + resource + " uses property type " + templateType);
        };
    }

    private static String require(String resource, JsonNode weft, String field) {
        String v = weft.path(field).asText(null);
        if (v == null || v.isBlank()) {
            throw new IllegalStateException("Element template " + resource + " lacks metadata.weft." + field);
        }
        return v;
    }
}
