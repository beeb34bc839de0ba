package dev.weft.engine.feel;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAmount;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.feel.api.EvaluationResult;
import org.camunda.feel.api.FailedEvaluationResult;
import org.camunda.feel.api.FailedParseResult;
import org.camunda.feel.api.FeelEngineApi;
import org.camunda.feel.api.FeelEngineBuilder;
import org.camunda.feel.api.ParseResult;

/**
 * FEEL through {@code org.camunda.feel}: parse once, evaluate against a variable context, and normalise results to
 * JSON-shaped Java values (Map, List, String, Boolean, Long/Double, null) so they can be stored as variables.
 * Thread-safe.
 */
public final class Feel {

    private final FeelEngineApi engine = FeelEngineBuilder.forJava()
            .withFunctionProvider(FromAi.functionProvider()).build();

    /**
     * The parameters of the {@code fromAi(...)} calls in an expression, in Zeebe's shape (see {@link FromAi}).
     *
     * @throws IllegalArgumentException when a call's arguments are not of that form
     */
    public List<Map<String, Object>> fromAiParameters(Expression expression) {
        return FromAi.parameters(engine, expression);
    }

    /**
     * Parses a Zeebe attribute: {@code "=expr"} is FEEL, anything else static text.
     *
     * @return the expression, or a parse failure message
     */
    public Parsed parse(String raw) {
        if (raw == null) {
            return new Parsed(null, "is missing");
        }
        String trimmed = raw.strip();
        if (!trimmed.startsWith("=")) {
            return new Parsed(new Expression(raw, null), null);
        }
        return parseFeel(trimmed.substring(1));
    }

    /** Parses text that must be FEEL, with or without the leading {@code =} (e.g. sequence flow conditions). */
    public Parsed parseFeel(String raw) {
        if (raw == null || raw.isBlank()) {
            return new Parsed(null, "is empty");
        }
        String text = raw.strip();
        if (text.startsWith("=")) {
            text = text.substring(1);
        }
        ParseResult result = engine.parseExpression(text);
        if (result.isFailure()) {
            return new Parsed(null, "is not a valid FEEL expression: " + ((FailedParseResult) result).failure().message());
        }
        return new Parsed(new Expression(raw, result.parsedExpression()), null);
    }

    /** Outcome of {@link #parse}: exactly one of expression / error is set. */
    public record Parsed(Expression expression, String error) {
        public boolean ok() {
            return error == null;
        }
    }

    /** Evaluates to a JSON-shaped value. Static expressions evaluate to their text. */
    public Object evaluate(Expression expression, Map<String, Object> variables) {
        if (expression.isStatic()) {
            return expression.staticValue();
        }
        EvaluationResult result = engine.evaluate(expression.parsed(), variables);
        if (result.isFailure()) {
            throw new ExpressionException("Expected result of the expression '" + strip(expression.source())
                    + "' to be evaluated, but it failed: " + ((FailedEvaluationResult) result).failure().message());
        }
        return normalize(result.result());
    }

    public String evaluateString(Expression expression, Map<String, Object> variables) {
        Object v = evaluate(expression, variables);
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof Number || v instanceof Boolean) {
            return String.valueOf(v);
        }
        throw typeError(expression, "STRING", v);
    }

    public boolean evaluateBoolean(Expression expression, Map<String, Object> variables) {
        Object v = evaluate(expression, variables);
        if (v instanceof Boolean b) {
            return b;
        }
        throw typeError(expression, "BOOLEAN", v);
    }

    public long evaluateLong(Expression expression, Map<String, Object> variables) {
        Object v = evaluate(expression, variables);
        if (v instanceof Number n) {
            return n.longValue();
        }
        if (v instanceof String s) {
            try {
                return Long.parseLong(s.strip());
            } catch (NumberFormatException e) {
                throw typeError(expression, "NUMBER", v);
            }
        }
        throw typeError(expression, "NUMBER", v);
    }

    public List<Object> evaluateList(Expression expression, Map<String, Object> variables) {
        Object v = evaluate(expression, variables);
        if (v instanceof List<?> l) {
            return new ArrayList<>(l);
        }
        throw typeError(expression, "ARRAY", v);
    }

    /** Evaluates a list of strings; a single string is split at commas (Zeebe accepts both for candidate groups). */
    public List<String> evaluateStringList(Expression expression, Map<String, Object> variables) {
        Object v = evaluate(expression, variables);
        if (v == null) {
            return List.of();
        }
        if (v instanceof String s) {
            return s.isBlank() ? List.of() : List.of(s.split("\\s*,\\s*"));
        }
        if (v instanceof List<?> l) {
            List<String> out = new ArrayList<>();
            for (Object o : l) {
                if (!(o instanceof String s)) {
                    throw typeError(expression, "ARRAY of STRING", v);
                }
                out.add(s);
            }
            return out;
        }
        throw typeError(expression, "ARRAY", v);
    }

    private static ExpressionException typeError(Expression expression, String expected, Object value) {
        return new ExpressionException("Expected result of the expression '" + strip(expression.source())
                + "' to be '" + expected + "', but was '" + typeName(value) + "'.");
    }

    static String strip(String source) {
        String s = source.strip();
        return s.startsWith("=") ? s.substring(1) : s;
    }

    static String typeName(Object v) {
        if (v == null) {
            return "NULL";
        }
        if (v instanceof String) {
            return "STRING";
        }
        if (v instanceof Number) {
            return "NUMBER";
        }
        if (v instanceof Boolean) {
            return "BOOLEAN";
        }
        if (v instanceof List) {
            return "ARRAY";
        }
        if (v instanceof Map) {
            return "OBJECT";
        }
        return v.getClass().getSimpleName().toUpperCase(java.util.Locale.ROOT);
    }

    /** Converts whatever FEEL hands back into JSON-shaped Java values. */
    public static Object normalize(Object v) {
        if (v == null || v instanceof String || v instanceof Boolean) {
            return v;
        }
        if (v instanceof BigDecimal bd) {
            return number(bd);
        }
        if (v instanceof scala.math.BigDecimal sbd) {
            return number(sbd.bigDecimal());
        }
        if (v instanceof BigInteger bi) {
            return bi.bitLength() < 64 ? (Object) bi.longValue() : new BigDecimal(bi);
        }
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof Float || v instanceof Double) {
            return number(BigDecimal.valueOf(((Number) v).doubleValue()));
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, val) -> out.put(String.valueOf(k), normalize(val)));
            return out;
        }
        if (v instanceof scala.collection.Map<?, ?> sm) {
            return normalize(scala.jdk.javaapi.CollectionConverters.asJava(sm));
        }
        if (v instanceof Collection<?> c) {
            List<Object> out = new ArrayList<>(c.size());
            for (Object o : c) {
                out.add(normalize(o));
            }
            return out;
        }
        if (v instanceof scala.collection.Iterable<?> si) {
            return normalize(scala.jdk.javaapi.CollectionConverters.asJavaCollection(si));
        }
        if (v instanceof ZonedDateTime || v instanceof OffsetDateTime || v instanceof LocalDateTime
                || v instanceof LocalDate || v instanceof LocalTime || v instanceof Duration || v instanceof Period
                || v instanceof TemporalAmount) {
            return v.toString();
        }
        return String.valueOf(v);
    }

    private static Object number(BigDecimal bd) {
        BigDecimal s = bd.stripTrailingZeros();
        if (s.scale() <= 0 && s.precision() - s.scale() < 19) {
            return s.longValueExact();
        }
        return bd.doubleValue();
    }
}
