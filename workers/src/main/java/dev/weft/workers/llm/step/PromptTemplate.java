package dev.weft.workers.llm.step;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.workers.job.InvalidInputException;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code {{var.path}}} placeholders over process variables. A path walks maps by key and lists by index
 * ({@code {{passages.0.text}}}); text is inserted as is, anything else as JSON. A placeholder naming nothing is
 * an error that names the field and the placeholder, because a prompt silently missing its context answers
 * something else.
 */
public final class PromptTemplate {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z_][A-Za-z0-9_]*(?:\\.[A-Za-z0-9_-]+)*)\\s*}}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private PromptTemplate() {
    }

    /**
     * @param field     the header or variable the template came from, for error messages
     * @param template  the text with placeholders
     * @param variables process variables
     */
    public static String render(String field, String template, Map<String, Object> variables) {
        if (template == null) {
            return null;
        }
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String path = m.group(1);
            Object value = resolve(path, variables);
            if (value == MISSING) {
                throw new InvalidInputException(field, "placeholder {{" + path + "}} names no variable");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(text(value)));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static final Object MISSING = new Object();

    private static Object resolve(String path, Map<String, Object> variables) {
        Object current = variables;
        for (String part : path.split("\\.")) {
            if (current instanceof Map<?, ?> map) {
                if (!map.containsKey(part)) {
                    return MISSING;
                }
                current = map.get(part);
            } else if (current instanceof List<?> list && part.matches("\\d+")) {
                int i = Integer.parseInt(part);
                if (i >= list.size()) {
                    return MISSING;
                }
                current = list.get(i);
            } else {
                return MISSING;
            }
        }
        return current;
    }

    private static String text(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            return String.valueOf(value);
        }
    }
}
