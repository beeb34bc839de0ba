package dev.weft.engine.model;

import dev.weft.engine.feel.Expression;

/** {@code zeebe:calledElement}. */
public record CallSpec(Expression processId, boolean propagateAllChildVariables, boolean propagateAllParentVariables) {
}
