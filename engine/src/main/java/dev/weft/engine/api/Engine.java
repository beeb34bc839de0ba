package dev.weft.engine.api;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A running Weft engine: a Zeebe-compatible BPMN engine whose state lives in PostgreSQL.
 *
 * <p>Contract shared by every method:
 * <ul>
 *   <li>The returned future completes after the command's effects are committed; on failure it completes
 *       exceptionally with {@link EngineRejectedException} (expected failures, see {@link RejectionType}) or with
 *       another exception for engine faults (e.g. the database is unreachable).</li>
 *   <li>Commands on one process instance are applied in the order they were accepted; commands on different
 *       instances run concurrently and are grouped into shared transactions.</li>
 *   <li>Several engines may share one database; each command is applied exactly once.</li>
 * </ul>
 * Obtain one with {@link Engines#start(EngineConfig)}; {@link #close()} stops accepting commands, lets the commands
 * in flight finish, and releases threads and connections.
 */
public interface Engine extends AutoCloseable {

    /** The one tenant; multi-tenancy is not supported yet. */
    String DEFAULT_TENANT = "<default>";

    // ---- deployment ----------------------------------------------------------------------------------------

    /**
     * Validates and stores resources. Rejected with {@link RejectionType#INVALID_ARGUMENT} when any resource is
     * malformed, unsafe (DOCTYPE / external entities), too large, or uses unsupported elements; the reason names
     * the resource and lists every offending element id.
     */
    CompletableFuture<DeploymentResult> deploy(DeployCommand command);

    /**
     * Deletes a process definition (or form / decision) by key. Running instances of a deleted process
     * definition continue to completion. NOT_FOUND for unknown keys.
     */
    CompletableFuture<Void> deleteResource(long resourceKey);

    // ---- process instances ---------------------------------------------------------------------------------

    CompletableFuture<ProcessInstanceCreated> createProcessInstance(CreateInstanceCommand command);

    /**
     * Creates an instance and completes when it completes, with the root scope's variables (only
     * {@code fetchVariables} when not empty). If the instance has not completed within {@code timeout} the future
     * fails with {@link java.util.concurrent.TimeoutException}; the instance itself keeps running.
     */
    CompletableFuture<ProcessInstanceResult> createProcessInstanceWithResult(CreateInstanceCommand command,
                                                                             List<String> fetchVariables,
                                                                             Duration timeout);

    /** Terminates every active element of the instance and the instance. NOT_FOUND unless it is active. */
    CompletableFuture<Void> cancelProcessInstance(long processInstanceKey);

    /**
     * Sets variables on a scope (element instance key or process instance key). With {@code local} they are
     * created on that scope; otherwise each variable is updated where it already exists up the scope chain, or
     * created on the root scope (Zeebe's propagation). Returns the key of the variable document command.
     */
    CompletableFuture<Long> setVariables(long elementInstanceKey, Map<String, Object> variables, boolean local);

    // ---- jobs ----------------------------------------------------------------------------------------------

    /**
     * Locks up to {@code maxJobs} activatable jobs of the type to the worker. With a positive request timeout and
     * no job available, waits (long polling) until jobs appear or the timeout passes; then answers with an empty
     * list. A job is never handed to two workers while it is locked, across every engine on the database.
     */
    CompletableFuture<List<ActivatedJob>> activateJobs(ActivateJobsCommand command);

    /**
     * Registers a push stream. Jobs of the type that become activatable while the stream is open are activated
     * for this stream and handed to {@code sink} (streams of one type take turns). If {@code sink} throws, the job
     * is made activatable again at once (Zeebe's "yield"). The sink is called from engine threads and must not
     * block.
     */
    JobStream openJobStream(StreamJobsCommand command, Consumer<ActivatedJob> sink);

    /** Completes an activated job; the variables are merged into its element's scope (then output mappings apply). */
    CompletableFuture<Void> completeJob(long jobKey, Map<String, Object> variables);

    /**
     * Completes the job of a job-worker-driven ad-hoc sub-process with its result: the variables are merged into
     * the sub-process's scope, then the listed inner elements are activated and the sub-process completes if the
     * result says its completion condition is fulfilled. {@code result} may be {@code null} (nothing to activate).
     */
    CompletableFuture<Void> completeJob(long jobKey, Map<String, Object> variables, AdHocJobResult result);

    /**
     * Fails a job. With {@code retries > 0} it becomes activatable again after {@code retryBackOff}; with 0 an
     * incident {@code JOB_NO_RETRIES} is raised carrying {@code errorMessage}. {@code variables} are set locally
     * on the job's element.
     */
    CompletableFuture<Void> failJob(long jobKey, int retries, String errorMessage, Duration retryBackOff,
                                    Map<String, Object> variables);

    /**
     * Throws a BPMN error from a job: caught by the nearest matching error boundary event or error event
     * sub-process (by code, or catch-all); when none matches an incident {@code UNHANDLED_ERROR_EVENT} is raised.
     * {@code variables} are set on the catching scope's event.
     */
    CompletableFuture<Void> throwError(long jobKey, String errorCode, String errorMessage,
                                       Map<String, Object> variables);

    CompletableFuture<Void> updateJobRetries(long jobKey, int retries);

    /** Moves an activated job's deadline to now + {@code timeout}. */
    CompletableFuture<Void> updateJobTimeout(long jobKey, Duration timeout);

    // ---- incidents -----------------------------------------------------------------------------------------

    /**
     * Resolves an incident: a job incident makes the job activatable again (if it has retries left, i.e. after
     * {@link #updateJobRetries}); other incidents retry the failed step with the current variables.
     */
    CompletableFuture<Void> resolveIncident(long incidentKey);

    // ---- messages and signals ------------------------------------------------------------------------------

    /**
     * Publishes a message: correlated to every matching open subscription (at most one per process instance and
     * message name), and buffered for {@code ttl} for subscriptions opened later. A non-empty {@code messageId}
     * that is still buffered for the same name and correlation key is rejected ALREADY_EXISTS. Returns the message key.
     */
    CompletableFuture<Long> publishMessage(String name, String correlationKey, Duration ttl, String messageId,
                                           Map<String, Object> variables);

    /**
     * Correlates a message to exactly one waiting subscription or message start event, without buffering.
     * NOT_FOUND when nothing waits for it.
     */
    CompletableFuture<MessageCorrelated> correlateMessage(String name, String correlationKey,
                                                          Map<String, Object> variables);

    /** Triggers every signal subscription with this name (catch events, boundaries, start events). Returns the signal key. */
    CompletableFuture<Long> broadcastSignal(String signalName, Map<String, Object> variables);

    // ---- user tasks ----------------------------------------------------------------------------------------

    /** Completes a user task; the variables are merged like a job completion. {@code action} may be {@code null}. */
    CompletableFuture<Void> completeUserTask(long userTaskKey, Map<String, Object> variables, String action);

    /**
     * Assigns a user task ({@code assignee == null} unassigns). Without {@code allowOverride} an already assigned
     * task is rejected INVALID_STATE.
     */
    CompletableFuture<Void> assignUserTask(long userTaskKey, String assignee, boolean allowOverride, String action);

    // ---- queries (read models) -----------------------------------------------------------------------------

    CompletableFuture<Optional<ProcessInstanceView>> getProcessInstance(long processInstanceKey);

    CompletableFuture<SearchResult<ProcessInstanceView>> searchProcessInstances(ProcessInstanceFilter filter, Page page);

    CompletableFuture<SearchResult<ElementInstanceView>> searchElementInstances(long processInstanceKey, Page page);

    CompletableFuture<Optional<IncidentView>> getIncident(long incidentKey);

    CompletableFuture<SearchResult<IncidentView>> searchIncidents(IncidentFilter filter, Page page);

    CompletableFuture<Optional<UserTaskView>> getUserTask(long userTaskKey);

    CompletableFuture<SearchResult<UserTaskView>> searchUserTasks(UserTaskFilter filter, Page page);

    CompletableFuture<SearchResult<VariableView>> searchVariables(VariableFilter filter, Page page);

    CompletableFuture<Optional<ProcessDefinitionView>> getProcessDefinition(long processDefinitionKey);

    CompletableFuture<SearchResult<ProcessDefinitionView>> searchProcessDefinitions(ProcessDefinitionFilter filter,
                                                                                     Page page);

    /** The BPMN XML a process definition was deployed with. */
    CompletableFuture<Optional<String>> getProcessDefinitionXml(long processDefinitionKey);

    /**
     * A read-only feed over the ordered record log of an engine on {@code dataSource}: one process instance's events
     * after a position (for test-run views and debuggers). Plain reads of committed records; needs no running engine.
     */
    static dev.weft.engine.query.RecordFeed recordFeed(javax.sql.DataSource dataSource) {
        return new dev.weft.engine.query.RecordFeed(dataSource);
    }

    /** This node's view of the topology. Never blocks. */
    Topology topology();

    /** Stops accepting commands, finishes the ones in flight, releases resources. Idempotent. */
    @Override
    void close();
}
