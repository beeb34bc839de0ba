package dev.weft.engine.api;

import java.util.List;

/** Search filter; {@code null} fields (or -1 keys) do not filter; every criterion must hold as well. */
public record IncidentFilter(long processInstanceKey, IncidentState state, String errorType, String elementId,
                             List<Criterion> criteria) {

    public static final IncidentFilter ALL = new IncidentFilter(-1, null, null, null);

    public IncidentFilter {
        criteria = List.copyOf(criteria);
    }

    public IncidentFilter(long processInstanceKey, IncidentState state, String errorType, String elementId) {
        this(processInstanceKey, state, errorType, elementId, List.of());
    }
}
