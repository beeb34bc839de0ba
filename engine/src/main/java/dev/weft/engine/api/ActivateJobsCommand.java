package dev.weft.engine.api;

import java.time.Duration;
import java.util.List;

/**
 * Activate up to {@code maxJobs} jobs of one type for a worker.
 *
 * @param timeout        how long the jobs stay locked to this worker before they can be activated again
 * @param fetchVariables only these variables (empty = all visible from the job's element)
 * @param requestTimeout long polling: wait up to this long for jobs if none are available; {@link Duration#ZERO}
 *                       answers at once (possibly with an empty list)
 */
public record ActivateJobsCommand(String type, String worker, Duration timeout, int maxJobs,
                                  List<String> fetchVariables, Duration requestTimeout, List<String> tenantIds) {

    public ActivateJobsCommand {
        fetchVariables = fetchVariables == null ? List.of() : List.copyOf(fetchVariables);
        requestTimeout = requestTimeout == null ? Duration.ZERO : requestTimeout;
        worker = worker == null || worker.isBlank() ? "default" : worker;
        tenantIds = tenantIds == null || tenantIds.isEmpty() ? List.of(Engine.DEFAULT_TENANT) : List.copyOf(tenantIds);
    }

    public ActivateJobsCommand(String type, String worker, Duration timeout, int maxJobs) {
        this(type, worker, timeout, maxJobs, List.of(), Duration.ZERO, null);
    }
}
