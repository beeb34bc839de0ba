package dev.weft.designer.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** Builds the JSON Schema of a node's {@code settings} object from its setting fields. */
final class SettingsSchemas {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private SettingsSchemas() {
    }

    /** {@code {"selector": [nodeId, key, ...path]}}: a reference to an upstream node's output. */
    static ObjectNode selector() {
        ObjectNode s = F.objectNode().put("type", "object");
        s.put("description", "Reference to an output of an upstream node: [nodeId, key, ...path].");
        ObjectNode items = F.objectNode();
        items.putArray("type").add("string").add("integer");
        ObjectNode sel = F.objectNode().put("type", "array").put("minItems", 2);
        sel.putArray("prefixItems").add(F.objectNode().put("type", "string")).add(F.objectNode().put("type", "string"));
        sel.set("items", items);
        s.putObject("properties").set("selector", sel);
        s.putArray("required").add("selector");
        s.put("additionalProperties", false);
        return s;
    }

    static ObjectNode expression() {
        ObjectNode s = F.objectNode();
        s.put("description", "FEEL when the string starts with '=', a selector, or a literal value.");
        ArrayNode any = s.putArray("anyOf");
        any.add(F.objectNode().put("type", "string"));
        any.add(F.objectNode().put("$ref", "#/$defs/selector"));
        ArrayNode other = F.objectNode().putArray("type").add("number").add("boolean").add("array").add("object").add("null");
        any.add(F.objectNode().set("type", other));
        return s;
    }

    static ObjectNode of(List<SettingField> fields) {
        ObjectNode schema = F.objectNode();
        schema.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        schema.put("type", "object");
        ObjectNode props = schema.putObject("properties");
        ArrayNode required = F.arrayNode();
        for (SettingField f : fields) {
            ObjectNode p = valueSchema(f);
            p.put("title", f.label());
            if (f.description() != null) {
                p.put("description", f.description());
            }
            if (f.defaultValue() != null && !f.defaultValue().isNull()) {
                p.set("default", f.defaultValue());
            }
            props.set(f.key(), p);
            if (f.required()) {
                required.add(f.key());
            }
        }
        if (!required.isEmpty()) {
            schema.set("required", required);
        }
        schema.put("additionalProperties", false);
        schema.putObject("$defs").set("selector", selector());
        return schema;
    }

    private static ObjectNode valueSchema(SettingField f) {
        return switch (f.type()) {
            case SettingField.STRING, SettingField.TEXT -> {
                ObjectNode p = F.objectNode().put("type", "string");
                if (f.pattern() != null) {
                    p.put("pattern", f.pattern());
                }
                if (f.required()) {
                    p.put("minLength", 1);
                }
                yield p;
            }
            case SettingField.NUMBER -> F.objectNode().put("type", "number");
            case SettingField.BOOLEAN -> F.objectNode().put("type", "boolean");
            case SettingField.ENUM -> {
                ObjectNode p = F.objectNode().put("type", "string");
                ArrayNode e = p.putArray("enum");
                f.choices().forEach(e::add);
                yield p;
            }
            case SettingField.EXPRESSION -> expression();
            case SettingField.JSON -> f.schema() instanceof ObjectNode o ? o.deepCopy() : F.objectNode();
            default -> throw new IllegalStateException("Unknown setting type " + f.type() + " of " + f.key());
        };
    }

    static JsonNode text(String s) {
        return s == null ? null : F.textNode(s);
    }
}
