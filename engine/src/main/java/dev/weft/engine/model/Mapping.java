package dev.weft.engine.model;

import dev.weft.engine.feel.Expression;

/** A {@code zeebe:input} / {@code zeebe:output}: evaluate {@code source}, store it under {@code target} (a dotted path). */
public record Mapping(Expression source, String target) {
}
