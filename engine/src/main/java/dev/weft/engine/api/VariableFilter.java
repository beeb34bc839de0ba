package dev.weft.engine.api;

/** Search filter; {@code null} fields (or -1 keys) do not filter. */
public record VariableFilter(long processInstanceKey, long scopeKey, String name) {

    public static final VariableFilter ALL = new VariableFilter(-1, -1, null);
}
