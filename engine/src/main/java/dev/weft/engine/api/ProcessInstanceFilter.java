package dev.weft.engine.api;

/** Search filter; {@code null} fields (or -1 keys) do not filter. */
public record ProcessInstanceFilter(String bpmnProcessId, long processDefinitionKey, ProcessInstanceState state,
                                    long parentProcessInstanceKey) {

    public static final ProcessInstanceFilter ALL = new ProcessInstanceFilter(null, -1, null, -1);
}
