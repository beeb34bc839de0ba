package dev.weft.engine.processing;

import dev.weft.engine.state.Rows;

/** Copies of user task rows with a changed state or assignee (rows are immutable values). */
final class UserTasks {

    private UserTasks() {
    }

    static Rows.UserTask withState(Rows.UserTask t, String state, String assignee, long now) {
        boolean ended = "COMPLETED".equals(state) || "CANCELED".equals(state);
        return new Rows.UserTask(t.key(), t.name(), t.elementId(), t.elementInstanceKey(), t.processInstanceKey(),
                t.processDefinitionKey(), t.bpmnProcessId(), t.processDefinitionVersion(), state, assignee,
                t.candidateGroups(), t.candidateUsers(), t.dueDate(), t.followUpDate(), t.formKey(), t.priority(),
                t.createdAt(), ended ? now : null, t.tenantId());
    }
}
