package dev.weft.designer.validation;

import java.util.Optional;
import java.util.regex.Pattern;
import org.camunda.feel.api.FeelEngineApi;
import org.camunda.feel.api.FeelEngineBuilder;
import org.camunda.feel.api.ParseResult;

/** Parses FEEL the way Zeebe will, so a broken expression is reported on the canvas and not as an incident. */
public final class FeelChecker {

    // External functions call arbitrary Java: Zeebe disables them, and a flow must never depend on them.
    private static final Pattern EXTERNAL = Pattern.compile("\\bexternal\\s*\\{");

    private final FeelEngineApi feel = FeelEngineBuilder.forJava().withEnabledExternalFunctions(false).build();

    /** The problem with the expression (given without its leading {@code =}), or empty when it is fine. */
    public Optional<Issue> check(String expression, String nodeId, String edgeId, String pointer) {
        String expr = expression.startsWith("=") ? expression.substring(1) : expression;
        if (expr.isBlank()) {
            return Optional.of(Issue.error("FEEL_INVALID", nodeId, edgeId, pointer, "The FEEL expression is empty."));
        }
        if (EXTERNAL.matcher(expr).find()) {
            return Optional.of(Issue.error("FEEL_UNSAFE", nodeId, edgeId, pointer,
                    "FEEL external functions (calls into Java) are not allowed."));
        }
        ParseResult parsed = feel.parseExpression(expr);
        if (parsed.isFailure()) {
            return Optional.of(Issue.error("FEEL_INVALID", nodeId, edgeId, pointer,
                    "Invalid FEEL: " + parsed.failure().message()));
        }
        return Optional.empty();
    }
}
