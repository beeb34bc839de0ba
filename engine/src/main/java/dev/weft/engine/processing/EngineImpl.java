package dev.weft.engine.processing;

import dev.weft.engine.api.ActivateJobsCommand;
import dev.weft.engine.api.AdHocJobResult;
import dev.weft.engine.api.ActivatedJob;
import dev.weft.engine.api.CreateInstanceCommand;
import dev.weft.engine.api.DeployCommand;
import dev.weft.engine.api.DeploymentResult;
import dev.weft.engine.api.ElementInstanceView;
import dev.weft.engine.api.Engine;
import dev.weft.engine.api.EngineConfig;
import dev.weft.engine.api.EngineRejection;
import dev.weft.engine.api.IncidentFilter;
import dev.weft.engine.api.IncidentView;
import dev.weft.engine.api.JobStream;
import dev.weft.engine.api.MessageCorrelated;
import dev.weft.engine.api.Page;
import dev.weft.engine.api.ProcessDefinitionFilter;
import dev.weft.engine.api.ProcessDefinitionView;
import dev.weft.engine.api.ProcessInstanceCreated;
import dev.weft.engine.api.ProcessInstanceFilter;
import dev.weft.engine.api.ProcessInstanceResult;
import dev.weft.engine.api.ProcessInstanceView;
import dev.weft.engine.api.RejectionType;
import dev.weft.engine.api.SearchResult;
import dev.weft.engine.api.StreamJobsCommand;
import dev.weft.engine.api.Topology;
import dev.weft.engine.api.UserTaskFilter;
import dev.weft.engine.api.UserTaskView;
import dev.weft.engine.api.VariableFilter;
import dev.weft.engine.api.VariableView;
import dev.weft.engine.feel.Feel;
import dev.weft.engine.model.BpmnParser;
import dev.weft.engine.query.EngineQueries;
import dev.weft.engine.state.Json;
import dev.weft.engine.state.KeyGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The engine: a command queue drained by processing threads (see {@link CommandLoop}), a due-date scheduler,
 * job push and long polling, and read-model queries. Create it through {@code Engines.start}.
 */
public final class EngineImpl implements Engine {

    public static final String VERSION = "8.8.0-weft";

    private final EngineConfig config;
    private final LinkedBlockingQueue<CommandLoop.Pending> queue = new LinkedBlockingQueue<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final JobDispatcher dispatcher = new JobDispatcher();
    private final ResultWaiters resultWaiters = new ResultWaiters();
    private final Map<String, ConcurrentLinkedQueue<CommandLoop.Pending>> pollers = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> openPolls = new ConcurrentHashMap<>();
    /** How often jobs of a type became activatable without a stream to take them (see {@link #wakePollers}). */
    private final Map<String, java.util.concurrent.atomic.AtomicLong> wakeCounts = new ConcurrentHashMap<>();
    private final List<Thread> threads = new ArrayList<>();
    private final ExecutorService queries = Executors.newVirtualThreadPerTaskExecutor();
    private final EngineQueries readModels;
    private final DeploymentProcessor deployments;
    private final InstanceProcessor instances;
    private final JobProcessor jobs;
    private final IncidentProcessor incidents;
    private final EventProcessor events;
    private final UserTaskProcessor userTasks;
    private final Scheduler scheduler;
    private final KeyGenerator keys;
    private final NodeWakeups wakeups;
    /** Jobs activated per poll made on behalf of a job stream. */
    private static final int STREAM_POLL_SIZE = 32;
    private volatile boolean running = true;

    public EngineImpl(EngineConfig config) {
        this.config = config;
        Feel feel = new Feel();
        BpmnParser parser = new BpmnParser(feel, config.maxResourceBytes());
        ProcessRepository repository = new ProcessRepository(parser);
        EventApplier applier = new EventApplier(repository);
        this.keys = new KeyGenerator(config.dataSource(), 1, config.keyBlockSize());
        BpmnBehavior behavior = new BpmnBehavior(feel, repository, dispatcher,
                (run, completed, rootVariables) -> run.batch().endedInstances.put(run.instance().key,
                        completed ? rootVariables : null));
        this.deployments = new DeploymentProcessor(feel, parser, repository, config.maxResourceBytes());
        this.instances = new InstanceProcessor(repository, behavior);
        this.jobs = new JobProcessor(repository, behavior, dispatcher);
        this.incidents = new IncidentProcessor(repository, behavior, jobs);
        this.events = new EventProcessor(repository, behavior, instances);
        behavior.signalThrower((b, name, variables) -> events.broadcast(b, name, variables));
        this.userTasks = new UserTaskProcessor(repository, behavior);
        this.readModels = new EngineQueries(config.dataSource());
        dispatcher.bind(this::wakePollers, key -> submitInternal(new Command.YieldJob(key)));
        this.wakeups = new NodeWakeups(new NodeWakeups.Listener() {
            @Override
            public void jobsAvailable(java.util.Collection<String> types) {
                types.forEach(EngineImpl.this::jobsAvailableElsewhere);
            }

            @Override
            public void gap() {
                java.util.Set<String> types = new java.util.HashSet<>(pollers.keySet());
                types.addAll(dispatcher.streamTypes());
                types.forEach(EngineImpl.this::jobsAvailableElsewhere);
            }
        });
        for (int i = 0; i < config.processingThreads(); i++) {
            CommandLoop loop = new CommandLoop(config.dataSource(), queue, config.maxBatchSize(), this::process,
                    this::committed, c -> new Batch(c, keys, config.nodeId(), applier, wakeups), () -> running);
            Thread t = new Thread(loop, "weft-engine-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        this.scheduler = new Scheduler(config, this::submitInternal, this::schedulerTick, wakeups);
        scheduler.start();
    }

    /**
     * Another engine made jobs of a type activatable (see {@link NodeWakeups}): the waiting long polls look again,
     * and one of the open streams of the type polls for them.
     */
    private void jobsAvailableElsewhere(String type) {
        wakePollers(type);
        JobDispatcher.Stream stream = dispatcher.anyStream(type);
        if (stream != null) {
            feed(stream.command, stream.sink, stream);
        }
    }

    /** Activates waiting jobs for a stream (the jobs a push cannot reach: created before it, or elsewhere). */
    private void feed(StreamJobsCommand command, Consumer<ActivatedJob> sink, JobStream stream) {
        ActivateJobsCommand poll = new ActivateJobsCommand(command.type(), command.worker(), command.timeout(),
                STREAM_POLL_SIZE, command.fetchVariables(), Duration.ZERO, command.tenantIds());
        activateJobs(poll).whenComplete((list, e) -> {
            if (list == null) {
                return;
            }
            boolean open = true;
            for (ActivatedJob j : list) {
                if (open) {
                    try {
                        sink.accept(j);
                        continue;
                    } catch (RuntimeException ex) {
                        stream.close();
                        open = false;
                    }
                }
                submitInternal(new Command.YieldJob(j.key()));
            }
            if (open && list.size() == STREAM_POLL_SIZE && running) {
                feed(command, sink, stream); // there may be more
            }
        });
    }

    // ---- command plumbing ----

    private Object process(Batch b, Command command) throws java.sql.SQLException {
        if (command instanceof Command.ActivateJobs a) {
            b.pollMarks.putIfAbsent(a.command().type(), wakeCount(a.command().type()).get());
        }
        Object result = dispatch(b, command);
        while (!b.followUps.isEmpty()) {
            b.followUps.poll().run();
        }
        return result;
    }

    private Object dispatch(Batch b, Command command) throws java.sql.SQLException {
        return switch (command) {
            case Command.Deploy d -> deployments.deploy(b, d.command());
            case Command.DeleteResource d -> deployments.delete(b, d.resourceKey());
            case Command.CreateInstance c -> instances.create(b, c.command());
            case Command.CancelInstance c -> instances.cancel(b, c.processInstanceKey());
            case Command.SetVariables s -> instances.setVariables(b, s.scopeKey(), s.variables(), s.local(),
                    instanceOf(b, s.scopeKey()));
            case Command.CompleteJob c -> jobs.complete(b, c.key(), c.variables(), c.adHocResult());
            case Command.FailJob f -> jobs.fail(b, f.key(), f.retries(), f.errorMessage(), f.backoff(), f.variables());
            case Command.ThrowError t -> jobs.throwError(b, t.key(), t.errorCode(), t.errorMessage(), t.variables());
            case Command.UpdateRetries u -> jobs.updateRetries(b, u.key(), u.retries());
            case Command.UpdateTimeout u -> jobs.updateTimeout(b, u.key(), u.timeout());
            case Command.ResolveIncident r -> incidents.resolve(b, r.key());
            case Command.ActivateJobs a -> jobs.activate(b, a.command());
            case Command.TimeOutJob t -> jobs.timeOut(b, t.key());
            case Command.RecurJob r -> jobs.recur(b, r.key());
            case Command.YieldJob y -> jobs.yield(b, y.key());
            case Command.PublishMessage m -> events.publish(b, m.name(), m.correlationKey(), m.ttl(), m.messageId(),
                    m.variables(), m.mustCorrelate());
            case Command.BroadcastSignal sig -> events.broadcast(b, sig.name(), sig.variables());
            case Command.TriggerTimer t -> events.triggerTimer(b, t.key());
            case Command.CompleteUserTask u -> userTasks.complete(b, u.key(), u.variables());
            case Command.AssignUserTask u -> userTasks.assign(b, u.key(), u.assignee(), u.allowOverride());
        };
    }

    /** The instance owning an element instance key (the key may be the instance itself). */
    private static long instanceOf(Batch b, long elementInstanceKey) {
        for (var inst : b.instances.values()) {
            if (inst.elements.containsKey(elementInstanceKey)) {
                return inst.key;
            }
        }
        return -1;
    }

    private void committed(Batch b, List<CommandLoop.Pending> pending, List<Object> results) {
        for (int i = 0; i < pending.size(); i++) {
            CommandLoop.Pending p = pending.get(i);
            Object r = results.get(i);
            if (r instanceof EngineRejection rejection) {
                p.future().completeExceptionally(rejection.toException());
            } else if (p.command() instanceof Command.ActivateJobs a && r instanceof List<?> l && l.isEmpty()
                    && a.command().requestTimeout().toNanos() > 0 && System.nanoTime() - a.deadlineNanos() < 0 && running
                    && !p.future().isDone()) {
                String type = a.command().type();
                pollers.computeIfAbsent(type, k -> new ConcurrentLinkedQueue<>()).add(p);
                // A job of this type may have become activatable after this poll looked and before it was parked
                // (its wake-up found nobody waiting): then look again now instead of at the next re-poll.
                Long mark = b.pollMarks.get(type);
                if (mark == null || wakeCount(type).get() != mark) {
                    wakePollers(type);
                }
            } else if (!p.future().complete(r) && p.command() instanceof Command.ActivateJobs && r instanceof List<?> l) {
                // The poll was given up (client gone) while this batch activated jobs for it: hand them back.
                for (Object job : l) {
                    submitInternal(new Command.YieldJob(((ActivatedJob) job).key()));
                }
            }
        }
        b.endedInstances.forEach((key, vars) -> resultWaiters.ended(key, vars != null, vars));
        for (Runnable r : b.afterCommit) {
            try {
                r.run();
            } catch (RuntimeException e) {
                java.util.logging.Logger.getLogger(EngineImpl.class.getName()).log(java.util.logging.Level.WARNING,
                        "After-commit action failed", e);
            }
        }
    }

    private <T> CompletableFuture<T> submit(Command command) {
        CompletableFuture<Object> future = new CompletableFuture<>();
        if (!running) {
            future.completeExceptionally(new EngineRejection(RejectionType.UNAVAILABLE,
                    "Expected the engine to accept commands, but it is shutting down").toException());
        } else if (inFlight.incrementAndGet() > config.maxQueuedCommands()) {
            inFlight.decrementAndGet();
            future.completeExceptionally(new EngineRejection(RejectionType.EXHAUSTED,
                    "Expected to process the command, but the engine is over its limit of "
                            + config.maxQueuedCommands() + " commands in flight; retry later").toException());
        } else {
            future.whenComplete((r, e) -> inFlight.decrementAndGet());
            queue.add(new CommandLoop.Pending(command, future));
        }
        @SuppressWarnings("unchecked")
        CompletableFuture<T> typed = (CompletableFuture<T>) (CompletableFuture<?>) future;
        return typed;
    }

    private void submitInternal(Command command) {
        if (running) {
            queue.add(new CommandLoop.Pending(command, new CompletableFuture<>()));
        }
    }

    private java.util.concurrent.atomic.AtomicLong wakeCount(String type) {
        return wakeCounts.computeIfAbsent(type, k -> new java.util.concurrent.atomic.AtomicLong());
    }

    private void wakePollers(String type) {
        wakeCount(type).incrementAndGet();
        ConcurrentLinkedQueue<CommandLoop.Pending> waiting = pollers.get(type);
        if (waiting == null) {
            return;
        }
        CommandLoop.Pending p;
        while ((p = waiting.poll()) != null) {
            if (!p.future().isDone()) {
                queue.add(p);
            }
        }
    }

    /** Expires long polls and create-with-result waiters; every few ticks re-polls (jobs from other engines). */
    private void schedulerTick(long tick) {
        long now = System.nanoTime();
        for (ConcurrentLinkedQueue<CommandLoop.Pending> waiting : pollers.values()) {
            waiting.removeIf(p -> {
                Command.ActivateJobs a = (Command.ActivateJobs) p.command();
                if (p.future().isDone()) {
                    return true;
                }
                if (now - a.deadlineNanos() >= 0 || !running) {
                    p.future().complete(List.of());
                    return true;
                }
                return false;
            });
        }
        if (tick % 10 == 0) {
            pollers.keySet().forEach(this::wakePollers);
            if (!resultWaiters.isEmpty()) {
                readModels.endedInstances(resultWaiters.keys()).forEach(
                        (key, vars) -> resultWaiters.ended(key, vars != null, vars));
            }
        }
        resultWaiters.expire(now);
    }

    /** Job activation calls of a type that have not been answered yet; for diagnostics and tests. */
    public int openPolls(String type) {
        AtomicInteger n = openPolls.get(type);
        return n == null ? 0 : n.get();
    }

    // ---- Engine API ----

    @Override
    public CompletableFuture<DeploymentResult> deploy(DeployCommand command) {
        return submit(new Command.Deploy(command));
    }

    @Override
    public CompletableFuture<Void> deleteResource(long resourceKey) {
        return submit(new Command.DeleteResource(resourceKey));
    }

    @Override
    public CompletableFuture<ProcessInstanceCreated> createProcessInstance(CreateInstanceCommand command) {
        CompletableFuture<ProcessInstanceCreated> bad = checkVariables(command.variables());
        return bad != null ? bad : submit(new Command.CreateInstance(normalized(command), false));
    }

    /** Variables exactly as they will read back from the database (e.g. every integer a Long). */
    private static CreateInstanceCommand normalized(CreateInstanceCommand c) {
        return new CreateInstanceCommand(c.bpmnProcessId(), c.processDefinitionKey(), c.version(),
                normalized(c.variables()), c.startAtElementIds(), c.tenantId());
    }

    private static Map<String, Object> normalized(Map<String, Object> variables) {
        return variables == null || variables.isEmpty() ? Map.of() : Json.readMap(Json.write(variables));
    }

    @Override
    public CompletableFuture<ProcessInstanceResult> createProcessInstanceWithResult(CreateInstanceCommand command,
                                                                                    List<String> fetchVariables,
                                                                                    Duration timeout) {
        CompletableFuture<ProcessInstanceResult> bad = checkVariables(command.variables());
        if (bad != null) {
            return bad;
        }
        long deadline = System.nanoTime() + (timeout == null ? Duration.ofSeconds(20) : timeout).toNanos();
        CompletableFuture<ProcessInstanceResult> result = new CompletableFuture<>();
        CompletableFuture<ProcessInstanceCreated> created = submit(new Command.CreateInstance(normalized(command), true));
        created.whenComplete((c, e) -> {
            if (e != null) {
                result.completeExceptionally(e);
                return;
            }
            ResultWaiters.Waiter w = new ResultWaiters.Waiter(c, fetchVariables, deadline, result);
            // This runs on the processing thread that committed the creation, before it ends the instance in a
            // later batch; only another thread (or engine) can have ended it already. That is rare, so the database
            // is asked only then, off the processing thread, and the scheduler's sweep covers other engines.
            if (resultWaiters.register(w)) {
                queries.execute(() -> readModels.endedInstances(java.util.Set.of(c.processInstanceKey())).forEach(
                        (key, vars) -> resultWaiters.ended(key, vars != null, vars)));
            }
        });
        return result;
    }

    @Override
    public CompletableFuture<Void> cancelProcessInstance(long processInstanceKey) {
        return submit(new Command.CancelInstance(processInstanceKey));
    }

    @Override
    public CompletableFuture<Long> setVariables(long elementInstanceKey, Map<String, Object> variables, boolean local) {
        CompletableFuture<Long> bad = checkVariables(variables);
        return bad != null ? bad : submit(new Command.SetVariables(elementInstanceKey, normalized(variables), local));
    }

    @Override
    public CompletableFuture<List<ActivatedJob>> activateJobs(ActivateJobsCommand command) {
        CompletableFuture<List<ActivatedJob>> f = submit(new Command.ActivateJobs(command,
                System.nanoTime() + command.requestTimeout().toNanos()));
        if (command.type() != null) {
            AtomicInteger open = openPolls.computeIfAbsent(command.type(), k -> new AtomicInteger());
            open.incrementAndGet();
            f.whenComplete((jobs, e) -> open.decrementAndGet());
        }
        return f;
    }

    @Override
    public JobStream openJobStream(StreamJobsCommand command, Consumer<ActivatedJob> sink) {
        if (command.type() == null || command.type().isBlank()) {
            throw new EngineRejection(RejectionType.INVALID_ARGUMENT,
                    "Expected to open a job stream for a type, but the type was empty").toException();
        }
        JobStream stream = dispatcher.open(command, sink);
        // Jobs that are already waiting go to the stream through a poll on its behalf.
        feed(command, sink, stream);
        return stream;
    }

    @Override
    public CompletableFuture<Void> completeJob(long jobKey, Map<String, Object> variables) {
        CompletableFuture<Void> bad = checkVariables(variables);
        return bad != null ? bad : submit(new Command.CompleteJob(jobKey, normalized(variables), null));
    }

    @Override
    public CompletableFuture<Void> completeJob(long jobKey, Map<String, Object> variables, AdHocJobResult result) {
        CompletableFuture<Void> bad = checkVariables(variables);
        if (bad != null || result == null) {
            return bad != null ? bad : submit(new Command.CompleteJob(jobKey, normalized(variables), null));
        }
        List<AdHocJobResult.ActivateElement> activate = new ArrayList<>();
        for (AdHocJobResult.ActivateElement a : result.activateElements()) {
            bad = checkVariables(a.variables());
            if (bad != null) {
                return bad;
            }
            activate.add(new AdHocJobResult.ActivateElement(a.elementId(), normalized(a.variables())));
        }
        return submit(new Command.CompleteJob(jobKey, normalized(variables), new AdHocJobResult(activate,
                result.completionConditionFulfilled(), result.cancelRemainingInstances())));
    }

    @Override
    public CompletableFuture<Void> failJob(long jobKey, int retries, String errorMessage, Duration retryBackOff,
                                           Map<String, Object> variables) {
        CompletableFuture<Void> bad = checkVariables(variables);
        return bad != null ? bad : submit(new Command.FailJob(jobKey, retries, errorMessage, retryBackOff, normalized(variables)));
    }

    @Override
    public CompletableFuture<Void> throwError(long jobKey, String errorCode, String errorMessage,
                                              Map<String, Object> variables) {
        CompletableFuture<Void> bad = checkVariables(variables);
        return bad != null ? bad : submit(new Command.ThrowError(jobKey, errorCode, errorMessage, normalized(variables)));
    }

    @Override
    public CompletableFuture<Void> updateJobRetries(long jobKey, int retries) {
        return submit(new Command.UpdateRetries(jobKey, retries));
    }

    @Override
    public CompletableFuture<Void> updateJobTimeout(long jobKey, Duration timeout) {
        return submit(new Command.UpdateTimeout(jobKey, timeout));
    }

    @Override
    public CompletableFuture<Void> resolveIncident(long incidentKey) {
        return submit(new Command.ResolveIncident(incidentKey));
    }

    @Override
    public CompletableFuture<Long> publishMessage(String name, String correlationKey, Duration ttl, String messageId,
                                                  Map<String, Object> variables) {
        CompletableFuture<Long> bad = checkVariables(variables);
        return bad != null ? bad : submit(new Command.PublishMessage(name, correlationKey, ttl, messageId,
                normalized(variables), false));
    }

    @Override
    public CompletableFuture<MessageCorrelated> correlateMessage(String name, String correlationKey,
                                                                 Map<String, Object> variables) {
        CompletableFuture<MessageCorrelated> bad = checkVariables(variables);
        return bad != null ? bad : submit(new Command.PublishMessage(name, correlationKey, Duration.ZERO, null,
                normalized(variables), true));
    }

    @Override
    public CompletableFuture<Long> broadcastSignal(String signalName, Map<String, Object> variables) {
        CompletableFuture<Long> bad = checkVariables(variables);
        return bad != null ? bad : submit(new Command.BroadcastSignal(signalName, normalized(variables)));
    }

    @Override
    public CompletableFuture<Void> completeUserTask(long userTaskKey, Map<String, Object> variables, String action) {
        CompletableFuture<Void> bad = checkVariables(variables);
        return bad != null ? bad : submit(new Command.CompleteUserTask(userTaskKey, normalized(variables), action));
    }

    @Override
    public CompletableFuture<Void> assignUserTask(long userTaskKey, String assignee, boolean allowOverride,
                                                  String action) {
        return submit(new Command.AssignUserTask(userTaskKey, assignee, allowOverride, action));
    }

    // ---- queries ----

    private <T> CompletableFuture<T> query(Supplier<T> q) {
        return CompletableFuture.supplyAsync(q, queries);
    }

    @Override
    public CompletableFuture<Optional<ProcessInstanceView>> getProcessInstance(long key) {
        return query(() -> readModels.processInstance(key));
    }

    @Override
    public CompletableFuture<SearchResult<ProcessInstanceView>> searchProcessInstances(ProcessInstanceFilter f, Page p) {
        return query(() -> readModels.processInstances(f, p));
    }

    @Override
    public CompletableFuture<SearchResult<ElementInstanceView>> searchElementInstances(long processInstanceKey, Page p) {
        return query(() -> readModels.elementInstances(processInstanceKey, p));
    }

    @Override
    public CompletableFuture<Optional<IncidentView>> getIncident(long key) {
        return query(() -> readModels.incident(key));
    }

    @Override
    public CompletableFuture<SearchResult<IncidentView>> searchIncidents(IncidentFilter f, Page p) {
        return query(() -> readModels.incidents(f, p));
    }

    @Override
    public CompletableFuture<Optional<UserTaskView>> getUserTask(long key) {
        return query(() -> readModels.userTask(key));
    }

    @Override
    public CompletableFuture<SearchResult<UserTaskView>> searchUserTasks(UserTaskFilter f, Page p) {
        return query(() -> readModels.userTasks(f, p));
    }

    @Override
    public CompletableFuture<SearchResult<VariableView>> searchVariables(VariableFilter f, Page p) {
        return query(() -> readModels.variables(f, p));
    }

    @Override
    public CompletableFuture<Optional<ProcessDefinitionView>> getProcessDefinition(long key) {
        return query(() -> readModels.processDefinition(key));
    }

    @Override
    public CompletableFuture<SearchResult<ProcessDefinitionView>> searchProcessDefinitions(ProcessDefinitionFilter f,
                                                                                            Page p) {
        return query(() -> readModels.processDefinitions(f, p));
    }

    @Override
    public CompletableFuture<Optional<String>> getProcessDefinitionXml(long key) {
        return query(() -> readModels.processDefinitionXml(key));
    }

    @Override
    public Topology topology() {
        return new Topology(config.nodeId(), config.partitionCount(), VERSION);
    }

    // ---- helpers ----

    private <T> CompletableFuture<T> checkVariables(Map<String, Object> variables) {
        if (variables == null || variables.isEmpty()) {
            return null;
        }
        for (String name : variables.keySet()) {
            if (name == null || name.isBlank()) {
                return CompletableFuture.failedFuture(EngineRejection.invalidArgument(
                        "Expected variable names to be non-empty, but got an empty name").toException());
            }
        }
        int size;
        try {
            size = Json.write(variables).length();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(EngineRejection.invalidArgument(
                    "Expected variables to be a JSON document, but it could not be written as JSON: " + e.getMessage()).toException());
        }
        if (size > config.maxVariablesBytes()) {
            return CompletableFuture.failedFuture(EngineRejection.invalidArgument("Expected variables to be at most "
                    + config.maxVariablesBytes() + " bytes of JSON, but they were " + size + " bytes").toException());
        }
        return null;
    }

    @Override
    public void close() {
        if (!running) {
            return;
        }
        running = false;
        scheduler.close();
        for (Thread t : threads) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        pollers.values().forEach(q -> q.forEach(p -> p.future().complete(List.of())));
        resultWaiters.failAll(new EngineRejection(RejectionType.UNAVAILABLE, "The engine shut down").toException());
        queries.shutdown();
        keys.close();
    }
}
