package dev.weft.engine.processing;

import dev.weft.engine.api.EngineRejection;
import dev.weft.engine.state.ElementInstance;
import dev.weft.engine.state.InstanceRuntime;
import dev.weft.engine.state.Rows;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/** Completing and assigning user tasks ({@code zeebe:userTask}). */
final class UserTaskProcessor {

    private final ProcessRepository repository;
    private final BpmnBehavior behavior;

    UserTaskProcessor(ProcessRepository repository, BpmnBehavior behavior) {
        this.repository = repository;
        this.behavior = behavior;
    }

    private static EngineRejection notFound(String verb, long key) {
        return EngineRejection.notFound("Expected to " + verb + " user task with key '" + key
                + "', but no such user task was found");
    }

    Object complete(Batch b, long key, Map<String, Object> variables) throws SQLException {
        Rows.UserTask task = b.userTask(key);
        if (task == null || !"CREATED".equals(task.state())) {
            return notFound("complete", key);
        }
        InstanceRuntime inst = b.instance(task.processInstanceKey());
        ElementInstance ei = inst == null ? null : inst.element(task.elementInstanceKey());
        if (ei == null) {
            return notFound("complete", key);
        }
        b.append(new Event.UserTaskEvent(Event.UserTaskIntent.COMPLETED, key,
                UserTasks.withState(task, "COMPLETED", task.assignee(), b.now)));
        behavior.complete(new Run(b, inst, repository.byKey(b.connection, inst.processDefinitionKey)), ei,
                new HashMap<>(variables));
        return null;
    }

    Object assign(Batch b, long key, String assignee, boolean allowOverride) throws SQLException {
        Rows.UserTask task = b.userTask(key);
        if (task == null || !"CREATED".equals(task.state())) {
            return notFound("assign", key);
        }
        if (!allowOverride && task.assignee() != null && assignee != null && !assignee.equals(task.assignee())) {
            return EngineRejection.invalidState("Expected to assign user task with key '" + key + "' to '" + assignee
                    + "', but it is already assigned to '" + task.assignee() + "' and overriding was not allowed");
        }
        b.instance(task.processInstanceKey());
        b.append(new Event.UserTaskEvent(Event.UserTaskIntent.ASSIGNED, key,
                UserTasks.withState(task, "CREATED", assignee == null || assignee.isBlank() ? null : assignee, b.now)));
        return null;
    }
}
