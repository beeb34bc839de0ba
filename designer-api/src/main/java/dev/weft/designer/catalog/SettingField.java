package dev.weft.designer.catalog;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One setting of a node type, as the properties panel shows it.
 *
 * @param key          key in the node's {@code settings} object
 * @param label        short label
 * @param description  help text
 * @param type         value type: {@code string}, {@code text}, {@code number}, {@code boolean}, {@code enum},
 *                     {@code expression} (FEEL, a selector or a literal), {@code json} (any JSON value)
 * @param required     whether publishing needs a value
 * @param defaultValue value used when the setting is absent, or null
 * @param choices      allowed values for {@code enum}
 * @param pattern      regular expression a string value must match, or null
 * @param group        properties panel group
 * @param binding      where the value goes in BPMN
 * @param schema       for {@code json} settings the JSON Schema of the value; for {@code expression} settings the
 *                     schema the value is expected to have (checked against selector targets), or null
 */
public record SettingField(
        String key,
        String label,
        String description,
        String type,
        boolean required,
        JsonNode defaultValue,
        List<String> choices,
        String pattern,
        String group,
        @JsonIgnore Binding binding,
        @JsonIgnore JsonNode schema) {

    public static final String STRING = "string";
    public static final String TEXT = "text";
    public static final String NUMBER = "number";
    public static final String BOOLEAN = "boolean";
    public static final String ENUM = "enum";
    public static final String EXPRESSION = "expression";
    public static final String JSON = "json";

    public SettingField {
        choices = choices == null ? List.of() : List.copyOf(choices);
    }
}
