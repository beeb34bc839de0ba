package dev.weft.engine.api;

import java.util.List;

/** Search filter; {@code null} fields (or -1 keys) do not filter; every criterion must hold as well. */
public record UserTaskFilter(UserTaskState state, String assignee, long processInstanceKey, String elementId,
                             String candidateGroup, List<Criterion> criteria) {

    public static final UserTaskFilter ALL = new UserTaskFilter(null, null, -1, null, null);

    public UserTaskFilter {
        criteria = List.copyOf(criteria);
    }

    public UserTaskFilter(UserTaskState state, String assignee, long processInstanceKey, String elementId,
                          String candidateGroup) {
        this(state, assignee, processInstanceKey, elementId, candidateGroup, List.of());
    }
}
