package dev.weft.engine.api;

import java.util.List;
import java.util.Map;

/**
 * The result a worker gives when completing the job of a job-worker-driven ad-hoc sub-process (Zeebe's job result of
 * type {@code AD_HOC_SUB_PROCESS}): inner elements to activate, each with variables set locally on its new instance,
 * and whether the sub-process may complete.
 */
public record AdHocJobResult(List<ActivateElement> activateElements, boolean completionConditionFulfilled,
                             boolean cancelRemainingInstances) {

    public AdHocJobResult {
        activateElements = List.copyOf(activateElements);
    }

    public record ActivateElement(String elementId, Map<String, Object> variables) {
    }
}
