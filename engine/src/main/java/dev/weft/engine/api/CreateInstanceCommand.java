package dev.weft.engine.api;

import java.util.List;
import java.util.Map;

/**
 * Start a process instance, addressed either by {@code processDefinitionKey} (when &gt; 0) or by
 * {@code bpmnProcessId} + {@code version} ({@link #LATEST_VERSION} for the newest).
 *
 * @param startAtElementIds start at these elements instead of the none start event (Zeebe's start instructions);
 *                          empty for the normal start
 */
public record CreateInstanceCommand(String bpmnProcessId, long processDefinitionKey, int version,
                                    Map<String, Object> variables, List<String> startAtElementIds, String tenantId) {

    public static final int LATEST_VERSION = -1;

    public CreateInstanceCommand {
        variables = variables == null ? Map.of() : variables;
        startAtElementIds = startAtElementIds == null ? List.of() : List.copyOf(startAtElementIds);
        tenantId = tenantId == null || tenantId.isBlank() ? Engine.DEFAULT_TENANT : tenantId;
    }

    /** The latest version of {@code bpmnProcessId}. */
    public static CreateInstanceCommand latest(String bpmnProcessId, Map<String, Object> variables) {
        return new CreateInstanceCommand(bpmnProcessId, -1, LATEST_VERSION, variables, List.of(), null);
    }

    /** A definition by its key. */
    public static CreateInstanceCommand byKey(long processDefinitionKey, Map<String, Object> variables) {
        return new CreateInstanceCommand(null, processDefinitionKey, LATEST_VERSION, variables, List.of(), null);
    }
}
