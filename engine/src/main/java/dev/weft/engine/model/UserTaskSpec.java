package dev.weft.engine.model;

import dev.weft.engine.feel.Expression;

/** {@code zeebe:userTask} settings; every expression may be {@code null}. */
public record UserTaskSpec(Expression assignee, Expression candidateGroups, Expression candidateUsers,
                           Expression dueDate, Expression followUpDate, String formKey, Expression priority) {
}
