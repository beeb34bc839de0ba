package dev.weft.engine.model;

import dev.weft.engine.feel.Expression;

/**
 * Multi-instance characteristics ({@code zeebe:loopCharacteristics}).
 *
 * @param inputElement        variable name of the current item, or {@code null}
 * @param outputCollection    variable name collecting outputElement results, or {@code null}
 * @param outputElement       evaluated in each inner instance on completion, or {@code null}
 * @param completionCondition evaluated after each inner instance completes, or {@code null}
 */
public record LoopSpec(boolean sequential, Expression inputCollection, String inputElement, String outputCollection,
                       Expression outputElement, Expression completionCondition) {
}
