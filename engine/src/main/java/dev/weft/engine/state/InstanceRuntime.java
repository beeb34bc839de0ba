package dev.weft.engine.state;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the engine needs to continue one process instance: its active element instances and the variables
 * of every active scope. Stored as one JSON document on the instance's row, loaded (and row-locked) in one round
 * trip when a command touches the instance. Mutated only by the event appliers.
 */
public final class InstanceRuntime {
    public long key;
    public long processDefinitionKey;
    public String bpmnProcessId;
    public int version;
    public String tenantId;
    public long parentProcessInstanceKey = -1;
    public long parentElementInstanceKey = -1;
    public long startTime;
    /** ACTIVE, COMPLETED, TERMINATED. */
    public String state = "ACTIVE";
    public long endTime;
    public int activeIncidents;
    public Map<Long, ElementInstance> elements = new LinkedHashMap<>();
    /** scope key -> variable name -> entry. */
    public Map<Long, Map<String, VariableEntry>> variables = new HashMap<>();

    public ElementInstance element(long elementInstanceKey) {
        return elements.get(elementInstanceKey);
    }

    /** Children of a scope, in creation order. */
    public List<ElementInstance> children(long scopeKey) {
        List<ElementInstance> out = new ArrayList<>();
        for (ElementInstance e : elements.values()) {
            if (e.flowScopeKey == scopeKey && e.key != scopeKey) {
                out.add(e);
            }
        }
        return out;
    }

    /** Variables visible from a scope: the scope's own, then each parent's, inner names shadowing outer ones. */
    public Map<String, Object> visibleVariables(long scopeKey) {
        List<Long> chain = new ArrayList<>();
        long k = scopeKey;
        while (k > 0) {
            chain.add(k);
            ElementInstance e = elements.get(k);
            if (e == null || e.key == key) {
                break;
            }
            k = e.flowScopeKey;
        }
        if (chain.isEmpty() || chain.get(chain.size() - 1) != key) {
            chain.add(key);
        }
        Map<String, Object> out = new HashMap<>();
        for (int i = chain.size() - 1; i >= 0; i--) {
            Map<String, VariableEntry> vars = variables.get(chain.get(i));
            if (vars != null) {
                vars.forEach((name, v) -> out.put(name, v.value));
            }
        }
        return out;
    }

    /** The nearest scope from {@code scopeKey} upwards that holds {@code name}, or -1. */
    public long scopeHolding(long scopeKey, String name) {
        long k = scopeKey;
        while (k > 0) {
            Map<String, VariableEntry> vars = variables.get(k);
            if (vars != null && vars.containsKey(name)) {
                return k;
            }
            if (k == key) {
                return -1;
            }
            ElementInstance e = elements.get(k);
            if (e == null) {
                return -1;
            }
            k = e.flowScopeKey;
        }
        return -1;
    }
}
