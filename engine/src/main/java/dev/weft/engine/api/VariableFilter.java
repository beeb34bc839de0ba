package dev.weft.engine.api;

import java.util.List;

/** Search filter; {@code null} fields (or -1 keys) do not filter; every criterion must hold as well. */
public record VariableFilter(long processInstanceKey, long scopeKey, String name, List<Criterion> criteria) {

    public static final VariableFilter ALL = new VariableFilter(-1, -1, null);

    public VariableFilter {
        criteria = List.copyOf(criteria);
    }

    public VariableFilter(long processInstanceKey, long scopeKey, String name) {
        this(processInstanceKey, scopeKey, name, List.of());
    }
}
