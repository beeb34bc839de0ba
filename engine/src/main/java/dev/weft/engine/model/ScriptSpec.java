package dev.weft.engine.model;

import dev.weft.engine.feel.Expression;

/** {@code zeebe:script}: a FEEL expression whose result is stored in {@code resultVariable}. */
public record ScriptSpec(Expression expression, String resultVariable) {
}
