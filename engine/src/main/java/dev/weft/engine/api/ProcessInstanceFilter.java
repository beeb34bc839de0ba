package dev.weft.engine.api;

import java.util.List;

/** Search filter; {@code null} fields (or -1 keys) do not filter; every criterion must hold as well. */
public record ProcessInstanceFilter(String bpmnProcessId, long processDefinitionKey, ProcessInstanceState state,
                                    long parentProcessInstanceKey, List<Criterion> criteria) {

    public static final ProcessInstanceFilter ALL = new ProcessInstanceFilter(null, -1, null, -1);

    public ProcessInstanceFilter {
        criteria = List.copyOf(criteria);
    }

    public ProcessInstanceFilter(String bpmnProcessId, long processDefinitionKey, ProcessInstanceState state,
                                 long parentProcessInstanceKey) {
        this(bpmnProcessId, processDefinitionKey, state, parentProcessInstanceKey, List.of());
    }
}
