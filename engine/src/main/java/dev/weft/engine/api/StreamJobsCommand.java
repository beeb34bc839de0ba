package dev.weft.engine.api;

import java.time.Duration;
import java.util.List;

/** Open a push stream of jobs of one type (Zeebe's StreamActivatedJobs). See {@link Engine#openJobStream}. */
public record StreamJobsCommand(String type, String worker, Duration timeout, List<String> fetchVariables,
                                List<String> tenantIds) {

    public StreamJobsCommand {
        fetchVariables = fetchVariables == null ? List.of() : List.copyOf(fetchVariables);
        worker = worker == null || worker.isBlank() ? "default" : worker;
        tenantIds = tenantIds == null || tenantIds.isEmpty() ? List.of(Engine.DEFAULT_TENANT) : List.copyOf(tenantIds);
    }
}
