package dev.weft.engine.processing;

import dev.weft.engine.state.InstanceRuntime;
import dev.weft.engine.state.Json;
import dev.weft.engine.state.VariableEntry;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** Zeebe's variable semantics: local set, propagation (merge) and nested-path targets. */
final class Variables {

    private Variables() {
    }

    /** Creates or updates {@code name} on exactly this scope. No event when the value is unchanged. */
    static void setLocal(Run run, long scopeKey, String name, Object value) {
        InstanceRuntime inst = run.instance();
        Map<String, VariableEntry> scope = inst.variables.get(scopeKey);
        VariableEntry existing = scope == null ? null : scope.get(name);
        if (existing != null && Objects.equals(existing.value, value)) {
            return;
        }
        long key = existing == null ? run.batch().newKey() : existing.key;
        Event.VariableValue v = new Event.VariableValue(name, Json.write(value), scopeKey, inst.key,
                inst.processDefinitionKey, inst.bpmnProcessId, inst.tenantId);
        run.batch().append(new Event.VariableEvent(existing == null ? Event.VariableIntent.CREATED
                : Event.VariableIntent.UPDATED, key, v, value));
    }

    /**
     * Propagation: each variable is updated in the nearest scope from {@code startScopeKey} upwards that holds it,
     * or created on the root scope (the process instance) when none does.
     */
    static void merge(Run run, long startScopeKey, Map<String, Object> variables) {
        InstanceRuntime inst = run.instance();
        for (Map.Entry<String, Object> e : variables.entrySet()) {
            long holder = inst.scopeHolding(startScopeKey, e.getKey());
            setLocal(run, holder > 0 ? holder : inst.key, e.getKey(), e.getValue());
        }
    }

    /**
     * Puts a value at a dotted path ({@code a.b.c}) into a document of mapping results, creating or extending
     * nested objects; the first segment's existing value (from {@code context}) is the base for nested targets.
     */
    @SuppressWarnings("unchecked")
    static void putPath(Map<String, Object> out, Map<String, Object> context, String path, Object value) {
        String[] parts = path.split("\\.");
        if (parts.length == 1) {
            out.put(path, value);
            return;
        }
        Object base = out.containsKey(parts[0]) ? out.get(parts[0]) : context.get(parts[0]);
        Map<String, Object> root = base instanceof Map<?, ?> m ? deepCopy((Map<String, Object>) m) : new LinkedHashMap<>();
        Map<String, Object> cur = root;
        for (int i = 1; i < parts.length - 1; i++) {
            Object next = cur.get(parts[i]);
            Map<String, Object> child = next instanceof Map<?, ?> m ? deepCopy((Map<String, Object>) m) : new LinkedHashMap<>();
            cur.put(parts[i], child);
            cur = child;
        }
        cur.put(parts[parts.length - 1], value);
        out.put(parts[0], root);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> deepCopy(Map<String, Object> m) {
        Map<String, Object> copy = new LinkedHashMap<>();
        m.forEach((k, v) -> copy.put(k, v instanceof Map<?, ?> mm ? deepCopy((Map<String, Object>) mm) : v));
        return copy;
    }
}
