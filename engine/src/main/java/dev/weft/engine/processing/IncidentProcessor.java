package dev.weft.engine.processing;

import dev.weft.engine.api.EngineRejection;
import dev.weft.engine.state.ElementInstance;
import dev.weft.engine.state.IncidentRow;
import dev.weft.engine.state.InstanceRuntime;
import dev.weft.engine.state.JobRow;
import java.sql.SQLException;

/** Resolving incidents: job incidents make the job activatable again; others retry the failed step. */
final class IncidentProcessor {

    private final ProcessRepository repository;
    private final BpmnBehavior behavior;
    private final JobProcessor jobs;

    IncidentProcessor(ProcessRepository repository, BpmnBehavior behavior, JobProcessor jobs) {
        this.repository = repository;
        this.behavior = behavior;
        this.jobs = jobs;
    }

    Object resolve(Batch b, long key) throws SQLException {
        IncidentRow row = b.incident(key);
        if (row == null || !"ACTIVE".equals(row.state)) {
            return EngineRejection.notFound("Expected to resolve incident with key '" + key
                    + "', but no such incident was found");
        }
        InstanceRuntime inst = b.instance(row.processInstanceKey);
        ElementInstance ei = inst == null ? null : inst.element(row.elementInstanceKey);
        if (ei == null) {
            return EngineRejection.notFound("Expected to resolve incident with key '" + key
                    + "', but its element instance '" + row.elementInstanceKey + "' is no longer active");
        }
        Run run = new Run(b, inst, repository.byKey(b.connection, inst.processDefinitionKey));
        if (row.jobKey > 0) {
            JobRow job = b.job(row.jobKey);
            if (job != null) {
                return jobs.resolveJobIncident(b, key, job, run);
            }
        }
        behavior.resolveIncidentRecord(run, row);
        behavior.retry(run, ei);
        return null;
    }
}
