package dev.weft.designer.validation;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.camunda.feel.api.FeelEngineApi;
import org.camunda.feel.api.FeelEngineBuilder;
import org.camunda.feel.api.ParseResult;

/** Parses FEEL the way Zeebe will, so a broken expression is reported on the canvas and not as an incident. */
public final class FeelChecker {

    // External functions call arbitrary Java: Zeebe disables them, and a flow must never depend on them.
    private static final Pattern EXTERNAL = Pattern.compile("\\bexternal\\s*\\{");
    private static final int CACHE_SIZE = 10_000;
    private static final String OK = "";

    private final FeelEngineApi feel = FeelEngineBuilder.forJava().withEnabledExternalFunctions(false).build();

    // The FEEL parser costs milliseconds per expression and drafts are re-validated on every save with mostly
    // unchanged expressions: remember each expression's verdict (least recently used first out).
    private final Map<String, String> verdicts = Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > CACHE_SIZE;
        }
    });

    /** The problem with the expression (with or without its leading {@code =}), or empty when it is fine. */
    public Optional<Issue> check(String expression, String nodeId, String edgeId, String pointer) {
        String expr = expression.startsWith("=") ? expression.substring(1) : expression;
        if (expr.isBlank()) {
            return Optional.of(Issue.error("FEEL_INVALID", nodeId, edgeId, pointer, "The FEEL expression is empty."));
        }
        if (EXTERNAL.matcher(expr).find()) {
            return Optional.of(Issue.error("FEEL_UNSAFE", nodeId, edgeId, pointer,
                    "FEEL external functions (calls into Java) are not allowed."));
        }
        String verdict = verdicts.get(expr);
        if (verdict == null) {
            ParseResult parsed = feel.parseExpression(expr);
            verdict = parsed.isFailure() ? "Invalid FEEL: " + parsed.failure().message() : OK;
            verdicts.put(expr, verdict);
        }
        return verdict.isEmpty() ? Optional.empty() : Optional.of(Issue.error("FEEL_INVALID", nodeId, edgeId, pointer, verdict));
    }
}
