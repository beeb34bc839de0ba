package dev.weft.engine.model;

/** BPMN element types, named as Zeebe names them in records ({@code BpmnElementType}). */
public enum ElementKind {
    PROCESS,
    START_EVENT,
    END_EVENT,
    INTERMEDIATE_CATCH_EVENT,
    INTERMEDIATE_THROW_EVENT,
    BOUNDARY_EVENT,
    SERVICE_TASK,
    SEND_TASK,
    BUSINESS_RULE_TASK,
    SCRIPT_TASK,
    USER_TASK,
    RECEIVE_TASK,
    MANUAL_TASK,
    TASK,
    EXCLUSIVE_GATEWAY,
    PARALLEL_GATEWAY,
    INCLUSIVE_GATEWAY,
    EVENT_BASED_GATEWAY,
    SUB_PROCESS,
    EVENT_SUB_PROCESS,
    CALL_ACTIVITY,
    MULTI_INSTANCE_BODY,
    AD_HOC_SUB_PROCESS;

    /** Elements that contain child elements and run them in their own scope. */
    public boolean isContainer() {
        return this == PROCESS || this == SUB_PROCESS || this == EVENT_SUB_PROCESS || this == AD_HOC_SUB_PROCESS;
    }
}
