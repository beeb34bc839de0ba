package dev.weft.engine.processing;

import java.util.List;
import java.util.Map;

/**
 * Every event the engine writes. An event is appended to the record log and applied to state by
 * {@link EventApplier} in the same step; processors never change state any other way. Released shapes are not
 * edited: a changed event gets a new record type and a new applier.
 */
sealed interface Event {

    String valueType();

    String intent();

    long key();

    long processInstanceKey();

    Object value();

    // ---- values (what the record log stores as JSON, shaped after Zeebe's record values) ----

    record ProcessInstanceValue(String bpmnElementType, String elementId, String bpmnProcessId, int version,
                                long processDefinitionKey, long processInstanceKey, long flowScopeKey,
                                long parentProcessInstanceKey, long parentElementInstanceKey, String tenantId) {
    }

    record JobValue(String type, String worker, int retries, long deadline, String errorMessage, String errorCode,
                    Map<String, String> customHeaders, String elementId, long elementInstanceKey,
                    long processInstanceKey, String bpmnProcessId, int processDefinitionVersion,
                    long processDefinitionKey, long retryBackoff, long recurringTime, String tenantId) {
    }

    record VariableValue(String name, String value, long scopeKey, long processInstanceKey,
                         long processDefinitionKey, String bpmnProcessId, String tenantId) {
    }

    record IncidentValue(String errorType, String errorMessage, String bpmnProcessId, long processDefinitionKey,
                         long processInstanceKey, String elementId, long elementInstanceKey, long jobKey,
                         String tenantId) {
    }

    record ProcessValue(String bpmnProcessId, int version, long processDefinitionKey, String resourceName,
                        String checksum, String tenantId, String kind, String name) {
    }

    record DeploymentValue(List<String> resourceNames, List<ProcessValue> resources, String tenantId) {
    }

    // ---- events ----

    enum ElementIntent { ELEMENT_ACTIVATING, ELEMENT_ACTIVATED, ELEMENT_COMPLETING, ELEMENT_COMPLETED,
        ELEMENT_TERMINATING, ELEMENT_TERMINATED, SEQUENCE_FLOW_TAKEN }

    record ElementEvent(ElementIntent intentValue, long key, ProcessInstanceValue value) implements Event {
        public String valueType() { return "PROCESS_INSTANCE"; }
        public String intent() { return intentValue.name(); }
        public long processInstanceKey() { return value.processInstanceKey(); }
    }

    enum JobIntent { CREATED, ACTIVATED, COMPLETED, FAILED, TIMED_OUT, RETRIES_UPDATED, TIMEOUT_UPDATED,
        ERROR_THROWN, CANCELED, RECURRED_AFTER_BACKOFF, YIELDED }

    record JobEvent(JobIntent intentValue, long key, JobValue value) implements Event {
        public String valueType() { return "JOB"; }
        public String intent() { return intentValue.name(); }
        public long processInstanceKey() { return value.processInstanceKey(); }
    }

    enum VariableIntent { CREATED, UPDATED }

    /** @param parsed the value as a Java object (what the runtime keeps); the record carries it as JSON text */
    record VariableEvent(VariableIntent intentValue, long key, VariableValue value, Object parsed) implements Event {
        public String valueType() { return "VARIABLE"; }
        public String intent() { return intentValue.name(); }
        public long processInstanceKey() { return value.processInstanceKey(); }
    }

    enum IncidentIntent { CREATED, RESOLVED }

    record IncidentEvent(IncidentIntent intentValue, long key, IncidentValue value) implements Event {
        public String valueType() { return "INCIDENT"; }
        public String intent() { return intentValue.name(); }
        public long processInstanceKey() { return value.processInstanceKey(); }
    }

    /** A resource (process, form, decision) stored by a deployment; carries the bytes for the applier. */
    record ResourceCreated(long key, long deploymentKey, ProcessValue value, byte[] content) implements Event {
        public String valueType() { return "PROCESS".equals(value.kind()) ? "PROCESS" : value.kind(); }
        public String intent() { return "CREATED"; }
        public long processInstanceKey() { return -1; }
    }

    record ResourceDeleted(long key, ProcessValue value) implements Event {
        public String valueType() { return "PROCESS".equals(value.kind()) ? "PROCESS" : value.kind(); }
        public String intent() { return "DELETED"; }
        public long processInstanceKey() { return -1; }
    }

    record DeploymentCreated(long key, DeploymentValue value) implements Event {
        public String valueType() { return "DEPLOYMENT"; }
        public String intent() { return "CREATED"; }
        public long processInstanceKey() { return -1; }
    }

    // ---- timers, messages, signals, user tasks (values are the state rows themselves) ----

    enum TimerIntent { CREATED, TRIGGERED, CANCELED }

    record TimerEvent(TimerIntent intentValue, long key, dev.weft.engine.state.Rows.Timer value) implements Event {
        public String valueType() { return "TIMER"; }
        public String intent() { return intentValue.name(); }
        public long processInstanceKey() { return value.processInstanceKey(); }
    }

    enum SubscriptionIntent { CREATED, CORRELATED, DELETED }

    /** @param messageKey the correlated message (CORRELATED only), else -1 */
    record MessageSubscriptionEvent(SubscriptionIntent intentValue, long key,
                                    dev.weft.engine.state.Rows.MessageSubscription value, long messageKey)
            implements Event {
        public String valueType() { return "PROCESS_MESSAGE_SUBSCRIPTION"; }
        public String intent() { return intentValue.name(); }
        public long processInstanceKey() { return value.processInstanceKey(); }
    }

    record SignalSubscriptionEvent(SubscriptionIntent intentValue, long key,
                                   dev.weft.engine.state.Rows.SignalSubscription value) implements Event {
        public String valueType() { return "SIGNAL_SUBSCRIPTION"; }
        public String intent() { return intentValue.name(); }
        public long processInstanceKey() { return value.processInstanceKey(); }
    }

    enum MessageIntent { PUBLISHED, EXPIRED }

    /** @param buffered whether the message is kept (TTL &gt; 0) for subscriptions opened later */
    record MessageEvent(MessageIntent intentValue, long key, dev.weft.engine.state.Rows.Message value, boolean buffered)
            implements Event {
        public String valueType() { return "MESSAGE"; }
        public String intent() { return intentValue.name(); }
        public long processInstanceKey() { return -1; }
    }

    record SignalBroadcasted(long key, String signalName, Map<String, Object> variables) implements Event {
        public String valueType() { return "SIGNAL"; }
        public String intent() { return "BROADCASTED"; }
        public long processInstanceKey() { return -1; }
        public Object value() { return Map.of("signalName", signalName, "variables", variables); }
    }

    enum UserTaskIntent { CREATED, ASSIGNED, COMPLETED, CANCELED }

    record UserTaskEvent(UserTaskIntent intentValue, long key, dev.weft.engine.state.Rows.UserTask value) implements Event {
        public String valueType() { return "USER_TASK"; }
        public String intent() { return intentValue.name(); }
        public long processInstanceKey() { return value.processInstanceKey(); }
    }

    /** One process-level start trigger of a deployed version: MESSAGE / SIGNAL name, or a TIMER (see timers). */
    record StartTrigger(String kind, String name, String elementId) {
    }

    /** The latest version of a process now owns the start triggers; older versions' triggers and timers go. */
    record StartTriggersReplaced(long key, String bpmnProcessId, String tenantId, List<StartTrigger> triggers,
                                 List<dev.weft.engine.state.Rows.Timer> timers) implements Event {
        public String valueType() { return "PROCESS_START_TRIGGERS"; }
        public String intent() { return "REPLACED"; }
        public long processInstanceKey() { return -1; }
        public Object value() { return Map.of("bpmnProcessId", bpmnProcessId, "triggers", triggers, "timers", timers); }
    }
}
