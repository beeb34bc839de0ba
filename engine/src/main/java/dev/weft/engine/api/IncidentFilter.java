package dev.weft.engine.api;

/** Search filter; {@code null} fields (or -1 keys) do not filter. */
public record IncidentFilter(long processInstanceKey, IncidentState state, String errorType, String elementId) {

    public static final IncidentFilter ALL = new IncidentFilter(-1, null, null, null);
}
