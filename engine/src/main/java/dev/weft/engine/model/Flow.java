package dev.weft.engine.model;

import dev.weft.engine.feel.Expression;

/** A sequence flow; {@code condition} is {@code null} for unconditional flows. */
public record Flow(String id, String sourceId, String targetId, Expression condition) {
}
