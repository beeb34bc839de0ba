package dev.weft.engine.api;

import java.util.List;

/** What a successful deployment stored. */
public record DeploymentResult(long key, String tenantId, List<DeployedProcess> processes, List<DeployedForm> forms,
                               List<DeployedDecision> decisions) {

    public DeploymentResult {
        processes = List.copyOf(processes);
        forms = List.copyOf(forms);
        decisions = List.copyOf(decisions);
    }
}
