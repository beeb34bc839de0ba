package dev.weft.engine.model;

import dev.weft.engine.feel.Expression;
import java.util.Map;

/** How an element creates its job: {@code zeebe:taskDefinition} plus {@code zeebe:taskHeaders}. */
public record JobSpec(Expression type, Expression retries, Map<String, String> headers) {
}
