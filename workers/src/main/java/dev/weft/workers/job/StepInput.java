package dev.weft.workers.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Headers and variables of one job, read by name with the convention of docs/job-types.md: an input variable
 * wins over a header of the same name; headers are strings, so numbers, booleans, lists (comma-separated) and
 * JSON are parsed here, with an {@link InvalidInputException} naming the field when they do not parse.
 */
public record StepInput(Map<String, String> headers, Map<String, Object> variables, JobContext context) {

    static final ObjectMapper JSON = new ObjectMapper();

    public StepInput {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        variables = variables == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.HashMap<>(variables));
        context = context == null ? JobContext.NONE : context;
    }

    public static StepInput of(Map<String, String> headers, Map<String, Object> variables) {
        return new StepInput(headers, variables, JobContext.NONE);
    }

    /** The raw value: the variable if set, else the header, else null. */
    public Object raw(String name) {
        Object v = variables.get(name);
        if (v != null) {
            return v;
        }
        String h = headers.get(name);
        return h == null || h.isEmpty() ? null : h;
    }

    public String string(String name) {
        Object v = raw(name);
        if (v == null) {
            return null;
        }
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof Number || v instanceof Boolean) {
            return v.toString();
        }
        throw new InvalidInputException(name, "must be text, got " + describe(v));
    }

    public String string(String name, String defaultValue) {
        String s = string(name);
        return s == null || s.isBlank() ? defaultValue : s;
    }

    public String required(String name) {
        String s = string(name);
        if (s == null || s.isBlank()) {
            throw new InvalidInputException(name, "is required (set the header or an input variable)");
        }
        return s;
    }

    public int integer(String name, int defaultValue) {
        Object v = raw(name);
        if (v == null) {
            return defaultValue;
        }
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            return n.intValue();
        }
        try {
            return Integer.parseInt(v.toString().trim());
        } catch (NumberFormatException e) {
            throw new InvalidInputException(name, "must be a whole number, got '" + v + "'");
        }
    }

    public Double decimal(String name) {
        Object v = raw(name);
        if (v == null) {
            return null;
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        try {
            return Double.parseDouble(v.toString().trim());
        } catch (NumberFormatException e) {
            throw new InvalidInputException(name, "must be a number, got '" + v + "'");
        }
    }

    public boolean bool(String name, boolean defaultValue) {
        Object v = raw(name);
        if (v == null) {
            return defaultValue;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        return switch (v.toString().trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new InvalidInputException(name, "must be true or false, got '" + v + "'");
        };
    }

    public Duration duration(String name, Duration defaultValue) {
        String s = string(name);
        if (s == null || s.isBlank()) {
            return defaultValue;
        }
        try {
            return Duration.parse(s.trim());
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(name, "must be an ISO-8601 duration such as PT30S, got '" + s + "'");
        }
    }

    /** A list variable, or a comma-separated header. */
    public List<String> list(String name) {
        Object v = raw(name);
        List<String> out = new ArrayList<>();
        if (v == null) {
            return out;
        }
        if (v instanceof List<?> l) {
            l.forEach(x -> out.add(String.valueOf(x)));
            return out;
        }
        for (String part : v.toString().split(",")) {
            if (!part.isBlank()) {
                out.add(part.trim());
            }
        }
        return out;
    }

    /** A JSON value: an object/array variable as is, or a header parsed as JSON. */
    public JsonNode json(String name) {
        Object v = raw(name);
        if (v == null) {
            return null;
        }
        if (v instanceof String s) {
            try {
                return JSON.readTree(s);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new InvalidInputException(name, "is not valid JSON (" + e.getOriginalMessage() + ")");
            } catch (IOException e) {
                throw new InvalidInputException(name, "is not valid JSON");
            }
        }
        return JSON.valueToTree(v);
    }

    private static String describe(Object v) {
        return v instanceof Map ? "an object" : v instanceof List ? "a list" : v.getClass().getSimpleName();
    }
}
