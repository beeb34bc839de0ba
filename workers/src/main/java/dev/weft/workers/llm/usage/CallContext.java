package dev.weft.workers.llm.usage;

/** Where a model call comes from, for the ledger: tenant, process instance and BPMN element. */
public record CallContext(String tenant, Long processInstanceKey, String elementId) {

    public static final CallContext NONE = new CallContext(null, null, null);
}
