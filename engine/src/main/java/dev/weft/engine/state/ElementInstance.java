package dev.weft.engine.state;

import java.util.HashMap;
import java.util.Map;

/**
 * Runtime state of one active element instance (the process instance itself included, keyed by its own key).
 * Part of {@link InstanceRuntime}; serialised with it. Mutated only by the event appliers.
 */
public final class ElementInstance {
    public long key;
    public long flowScopeKey = -1;
    public String elementId;
    /** Zeebe's element type name; {@code MULTI_INSTANCE_BODY} for a multi-instance body. */
    public String elementType;
    /** ACTIVATING, ACTIVATED, COMPLETING, TERMINATING. */
    public String state;
    public long startTime;
    /** Child element instances that are active. */
    public int activeChildren;
    /** Tokens waiting at joining gateways in this scope: "gatewayId|flowId" -> count. */
    public Map<String, Integer> waitingTokens = new HashMap<>();
    public long jobKey = -1;
    public long userTaskKey = -1;
    public long incidentKey = -1;
    public long calledInstanceKey = -1;
    /** Open subscriptions owned by this instance: timer keys, message subscription keys, signal subscription keys. */
    public java.util.List<Long> timers = new java.util.ArrayList<>();
    public java.util.List<Long> messageSubscriptions = new java.util.ArrayList<>();
    public java.util.List<Long> signalSubscriptions = new java.util.ArrayList<>();
    /** Multi-instance: 1-based loop counter of an inner instance; number of inner instances created for a body. */
    public int loopCounter;
    /** Multi-instance body: inner instances completed so far. */
    public int loopCompleted;
    /**
     * Job-worker-driven ad-hoc sub-process: a job result said its completion condition is fulfilled. The one field
     * not set by an event applier: the job processor sets it from the job result just before the job's COMPLETED
     * event is applied (Zeebe keeps it on its ad-hoc instruction record, which Weft does not log).
     */
    public boolean adHocCompletionFulfilled;

    public int waitingTokenCount() {
        int n = 0;
        for (int v : waitingTokens.values()) {
            n += v;
        }
        return n;
    }
}
