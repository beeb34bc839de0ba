package dev.weft.engine.gateway.rest;

import dev.weft.engine.api.AdHocJobResult;
import dev.weft.engine.gateway.common.VariablesJson;
import io.camunda.client.protocol.rest.JobResult;
import io.camunda.client.protocol.rest.JobResultActivateElement;
import io.camunda.client.protocol.rest.JobResultAdHocSubProcess;
import java.util.ArrayList;
import java.util.List;

/** The {@code result} of a REST job completion request, as the engine takes it. */
final class JobResults {

    private JobResults() {
    }

    /** An ad-hoc sub-process job result; other result types (user task listeners) are refused with a 400. */
    static AdHocJobResult adHoc(JobResult result) {
        if (!(result instanceof JobResultAdHocSubProcess adHoc)) {
            throw RestProblem.invalid("Property 'result' of type '" + result.getType() + "' is not supported by Weft:"
                    + " only ad-hoc sub-process job results (type 'adHocSubProcess') are served, not user task listener"
                    + " corrections or denials");
        }
        List<AdHocJobResult.ActivateElement> activate = new ArrayList<>();
        List<JobResultActivateElement> given = adHoc.getActivateElements() == null ? List.of() : adHoc.getActivateElements();
        for (int i = 0; i < given.size(); i++) {
            JobResultActivateElement a = given.get(i);
            if (a == null || a.getElementId() == null || a.getElementId().isBlank()) {
                throw RestProblem.invalid("Expected property 'result.activateElements[" + i + "].elementId' to be an"
                        + " element id, but it was empty");
            }
            activate.add(new AdHocJobResult.ActivateElement(a.getElementId(), VariablesJson.orEmpty(a.getVariables())));
        }
        return new AdHocJobResult(activate, Boolean.TRUE.equals(adHoc.getIsCompletionConditionFulfilled()),
                Boolean.TRUE.equals(adHoc.getIsCancelRemainingInstances()));
    }
}
