package dev.weft.engine.model;

import dev.weft.engine.feel.Expression;

/**
 * {@code zeebe:calledDecision} of a business rule task: the decision to evaluate (static id or FEEL) and the
 * variable its result is stored in.
 */
public record DecisionSpec(Expression decisionId, String resultVariable) {
}
