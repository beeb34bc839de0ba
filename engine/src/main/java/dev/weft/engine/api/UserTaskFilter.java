package dev.weft.engine.api;

/** Search filter; {@code null} fields (or -1 keys) do not filter. */
public record UserTaskFilter(UserTaskState state, String assignee, long processInstanceKey, String elementId,
                             String candidateGroup) {

    public static final UserTaskFilter ALL = new UserTaskFilter(null, null, -1, null, null);
}
