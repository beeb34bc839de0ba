package dev.weft.engine.processing;

import dev.weft.engine.api.AdHocJobResult;
import dev.weft.engine.dmn.DecisionEngine;
import dev.weft.engine.dmn.DecisionException;
import dev.weft.engine.dmn.DeployedDecisions;
import dev.weft.engine.feel.ExpressionException;
import dev.weft.engine.feel.Feel;
import dev.weft.engine.model.Element;
import dev.weft.engine.model.ElementKind;
import dev.weft.engine.model.EventDefinition;
import dev.weft.engine.model.Flow;
import dev.weft.engine.model.LoopSpec;
import dev.weft.engine.model.Mapping;
import dev.weft.engine.state.ElementInstance;
import dev.weft.engine.state.IncidentRow;
import dev.weft.engine.state.JobRow;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How BPMN elements behave: activation, completion, termination, sequence flows, joins, multi-instance, error
 * catching and incidents. Decides and writes events; state changes happen only in the appliers.
 */
final class BpmnBehavior {

    static final String BODY = "MULTI_INSTANCE_BODY";
    static final String ACTIVATE = "ACTIVATE";
    static final String COMPLETE = "COMPLETE";

    /** Told about every job this behaviour creates, to hand it to a job stream or wake up long polls. */
    interface JobListener {
        void jobCreated(Run run, JobRow job);
    }

    /** Broadcasts a signal thrown by a signal throw / end event (wired to the signal processor). */
    interface SignalThrower {
        void broadcast(Batch batch, String name, Map<String, Object> variables) throws SQLException;
    }

    private volatile SignalThrower signals = (b, n, v) -> {
        throw new IllegalStateException("No signal thrower wired");
    };

    void signalThrower(SignalThrower thrower) {
        this.signals = thrower;
    }

    /** Told when a process instance completes (for create-with-result) or terminates. */
    interface InstanceListener {
        void instanceEnded(Run run, boolean completed, Map<String, Object> rootVariables);
    }

    private final Feel feel;
    private final JobListener jobs;
    private final InstanceListener instances;
    private final Subscriptions subscriptions;
    private final ProcessRepository repository;
    private final DeployedDecisions decisions = new DeployedDecisions(new DecisionEngine());

    BpmnBehavior(Feel feel, ProcessRepository repository, JobListener jobs, InstanceListener instances) {
        this.feel = feel;
        this.repository = repository;
        this.jobs = jobs;
        this.instances = instances;
        this.subscriptions = new Subscriptions(feel);
    }

    /**
     * Evaluates what the element will wait for, marks it ACTIVATED and opens its subscriptions (its own catch
     * events, boundary events, event sub-process starts). Returns {@code false} after raising an incident.
     */
    private boolean markActivated(Run run, ElementInstance ei, Element el) {
        boolean body = BODY.equals(ei.elementType);
        boolean inner = isInnerInstance(run, ei);
        List<Subscriptions.Plan> plans;
        try {
            plans = subscriptions.plan(run, ei, el, !inner, body);
        } catch (ExpressionException e) {
            incident(run, ei, "EXTRACT_VALUE_ERROR", e.getMessage(), -1, ACTIVATE);
            return false;
        }
        run.element(Event.ElementIntent.ELEMENT_ACTIVATED, ei);
        if (!plans.isEmpty()) {
            try {
                Subscriptions.Correlation buffered = subscriptions.open(run, ei, plans);
                if (buffered != null) {
                    run.batch().followUps.add(() -> correlate(run, buffered.subscription(), buffered.message().key(),
                            buffered.variables()));
                }
            } catch (SQLException e) {
                throw new EventApplier.StateWriteException(e);
            }
        }
        return true;
    }

    /** The process element becomes ACTIVATED (with its event sub-process subscriptions) without its none start. */
    void markProcessActivated(Run run, ElementInstance root) {
        markActivated(run, root, run.element(root));
    }

    /** Correlates a message to an open subscription of this instance and triggers its target. */
    void correlate(Run run, dev.weft.engine.state.Rows.MessageSubscription sub, long messageKey, Map<String, Object> variables) {
        ElementInstance owner = run.instance().element(sub.elementInstanceKey());
        if (owner == null || !owner.messageSubscriptions.contains(sub.key())) {
            return; // closed meanwhile
        }
        run.batch().append(new Event.MessageSubscriptionEvent(Event.SubscriptionIntent.CORRELATED, sub.key(), sub, messageKey));
        trigger(run, owner, sub.targetElementId(), variables);
    }

    /** An event the instance {@code owner} waited for occurred: continue at {@code targetId}. */
    void trigger(Run run, ElementInstance owner, String targetId, Map<String, Object> variables) {
        Element target = run.element(targetId);
        Map<String, Object> vars = variables == null ? new LinkedHashMap<>() : new LinkedHashMap<>(variables);
        if (target.id().equals(owner.elementId) && !BODY.equals(owner.elementType)) {
            complete(run, owner, vars);
        } else if (target.kind() == ElementKind.BOUNDARY_EVENT) {
            triggerBoundary(run, owner, target, vars);
        } else if (target.kind() == ElementKind.EVENT_SUB_PROCESS) {
            triggerEventSubProcess(run, owner, target, vars);
        } else {
            // the catch event behind an event-based gateway: the gateway completes towards it
            Element gateway = run.element(owner);
            subscriptions.close(run, owner);
            run.element(Event.ElementIntent.ELEMENT_COMPLETING, owner);
            run.element(Event.ElementIntent.ELEMENT_COMPLETED, owner);
            for (Flow f : gateway.outgoing()) {
                if (f.targetId().equals(targetId)) {
                    takeFlow(run, f, owner.flowScopeKey, vars);
                }
            }
        }
    }

    // ---- activation ----

    /** Creates and starts an element instance in {@code flowScopeKey}; event variables go to its completion. */
    void activate(Run run, Element el, long flowScopeKey, Map<String, Object> eventVariables) {
        long key = run.batch().newKey();
        String type = el.loop() != null && !isBody(run, flowScopeKey, el) ? BODY : el.kind().name();
        run.batch().append(new Event.ElementEvent(Event.ElementIntent.ELEMENT_ACTIVATING, key,
                run.value(type, el.id(), flowScopeKey)));
        ElementInstance ei = run.instance().element(key);
        proceedActivation(run, ei, eventVariables);
    }

    private static boolean isBody(Run run, long flowScopeKey, Element el) {
        ElementInstance scope = run.instance().element(flowScopeKey);
        return scope != null && BODY.equals(scope.elementType) && scope.elementId.equals(el.id());
    }

    /** Runs (or re-runs, after an incident is resolved) the activation steps of an ACTIVATING element. */
    void proceedActivation(Run run, ElementInstance ei, Map<String, Object> eventVariables) {
        Element el = run.element(ei);
        if (BODY.equals(ei.elementType)) {
            activateBody(run, ei, el);
            return;
        }
        if (el.kind() != ElementKind.PROCESS && !applyInputs(run, ei, el)) {
            return;
        }
        switch (el.kind()) {
            case PROCESS, SUB_PROCESS, EVENT_SUB_PROCESS -> {
                if (!markActivated(run, ei, el)) {
                    return;
                }
                Element start = el.kind() == ElementKind.EVENT_SUB_PROCESS ? el.eventSubProcessStart() : el.noneStart();
                if (start != null) {
                    activate(run, start, ei.key, eventVariables);
                } else {
                    scopeMaybeComplete(run, ei);
                }
            }
            case AD_HOC_SUB_PROCESS -> activateAdHoc(run, ei, el);
            case SERVICE_TASK, SEND_TASK -> activateJobElement(run, ei, el);
            case BUSINESS_RULE_TASK -> {
                if (el.job() != null) {
                    activateJobElement(run, ei, el);
                } else {
                    evaluateDecision(run, ei, el);
                }
            }
            case SCRIPT_TASK -> {
                if (el.job() != null) {
                    activateJobElement(run, ei, el);
                    return;
                }
                Object result;
                try {
                    result = feel.evaluate(el.script().expression(), run.instance().visibleVariables(ei.key));
                } catch (ExpressionException e) {
                    incident(run, ei, "EXTRACT_VALUE_ERROR", e.getMessage(), -1, ACTIVATE);
                    return;
                }
                if (!markActivated(run, ei, el)) {
                    return;
                }
                Map<String, Object> out = new LinkedHashMap<>();
                out.put(el.script().resultVariable(), result);
                complete(run, ei, out);
            }
            case END_EVENT, INTERMEDIATE_THROW_EVENT -> {
                if (el.job() != null) {
                    activateJobElement(run, ei, el);
                    return;
                }
                if (el.event() instanceof EventDefinition.Escalation esc) {
                    String code;
                    try {
                        code = feel.evaluateString(esc.code(), run.instance().visibleVariables(ei.key));
                    } catch (ExpressionException e) {
                        incident(run, ei, "EXTRACT_VALUE_ERROR", e.getMessage(), -1, ACTIVATE);
                        return;
                    }
                    if (markActivated(run, ei, el)) {
                        throwEscalation(run, ei, code, eventVariables);
                    }
                    return;
                }
                if (!markActivated(run, ei, el)) {
                    return;
                }
                switch (el.event()) {
                    case EventDefinition.Signal sig -> {
                        String name;
                        try {
                            name = feel.evaluateString(sig.name(), run.instance().visibleVariables(ei.key));
                        } catch (ExpressionException e) {
                            incident(run, ei, "EXTRACT_VALUE_ERROR", e.getMessage(), -1, COMPLETE);
                            return;
                        }
                        // the signal's variables are the throw event's input mappings
                        Map<String, Object> signalVariables = localVariables(run, ei.key);
                        complete(run, ei, eventVariables);
                        run.batch().followUps.add(() -> signals.broadcast(run.batch(), name, signalVariables));
                    }
                    case EventDefinition.Error err -> throwError(run, ei, err.errorCode(), "", Map.of(), -1);
                    case EventDefinition.Terminate t -> terminateScope(run, ei);
                    default -> complete(run, ei, eventVariables);
                }
            }
            case INTERMEDIATE_CATCH_EVENT, RECEIVE_TASK -> {
                if (eventVariables != null) {
                    // reached through an event-based gateway whose event already occurred
                    run.element(Event.ElementIntent.ELEMENT_ACTIVATED, ei);
                    complete(run, ei, eventVariables);
                } else {
                    markActivated(run, ei, el);
                }
            }
            case EVENT_BASED_GATEWAY -> markActivated(run, ei, el);
            case USER_TASK -> activateUserTask(run, ei, el);
            case CALL_ACTIVITY -> activateCallActivity(run, ei, el);
            default -> {
                // start events, plain and manual tasks, gateways, caught boundary events: nothing to wait for
                if (markActivated(run, ei, el)) {
                    complete(run, ei, eventVariables);
                }
            }
        }
    }

    private boolean applyInputs(Run run, ElementInstance ei, Element el) {
        if (el.inputs().isEmpty()) {
            return true;
        }
        Map<String, Object> context = run.instance().visibleVariables(ei.flowScopeKey);
        // input mappings see the variables of the flow scope plus local ones created by earlier inputs (loop vars)
        context.putAll(localVariables(run, ei.key));
        Map<String, Object> out = new LinkedHashMap<>();
        try {
            for (Mapping m : el.inputs()) {
                Map<String, Object> ctx = new HashMap<>(context);
                ctx.putAll(out);
                Variables.putPath(out, ctx, m.target(), feel.evaluate(m.source(), ctx));
            }
        } catch (ExpressionException e) {
            incident(run, ei, "IO_MAPPING_ERROR", e.getMessage(), -1, ACTIVATE);
            return false;
        }
        out.forEach((name, value) -> Variables.setLocal(run, ei.key, name, value));
        return true;
    }

    private static Map<String, Object> localVariables(Run run, long scopeKey) {
        Map<String, Object> out = new HashMap<>();
        var vars = run.instance().variables.get(scopeKey);
        if (vars != null) {
            vars.forEach((k, v) -> out.put(k, v.value));
        }
        return out;
    }

    private void activateJobElement(Run run, ElementInstance ei, Element el) {
        Map<String, Object> vars = run.instance().visibleVariables(ei.key);
        String type;
        long retries;
        try {
            type = feel.evaluateString(el.job().type(), vars);
            retries = feel.evaluateLong(el.job().retries(), vars);
        } catch (ExpressionException e) {
            incident(run, ei, "EXTRACT_VALUE_ERROR", e.getMessage(), -1, ACTIVATE);
            return;
        }
        if (!markActivated(run, ei, el)) {
            return;
        }
        createJob(run, ei, el, type, retries);
    }

    private void createJob(Run run, ElementInstance ei, Element el, String type, long retries) {
        long jobKey = run.batch().newKey();
        run.batch().append(new Event.JobEvent(Event.JobIntent.CREATED, jobKey, new Event.JobValue(type, null,
                (int) retries, 0, null, null, el.job().headers(), el.id(), ei.key, run.instance().key,
                run.instance().bpmnProcessId, run.instance().version, run.instance().processDefinitionKey, 0, 0,
                run.instance().tenantId)));
        jobs.jobCreated(run, run.batch().jobs.get(jobKey));
    }

    // ---- business rule task ----

    /**
     * Evaluates the called decision with the task's variables and completes the task with the result in its result
     * variable. An unknown decision or a failing evaluation raises an incident on the task (still activating, so a
     * resolution evaluates again, e.g. after the decision was deployed or the input variables were fixed).
     */
    private void evaluateDecision(Run run, ElementInstance ei, Element el) {
        Map<String, Object> vars = run.instance().visibleVariables(ei.key);
        String decisionId;
        try {
            decisionId = feel.evaluateString(el.decision().decisionId(), vars);
        } catch (ExpressionException e) {
            incident(run, ei, "EXTRACT_VALUE_ERROR", e.getMessage(), -1, ACTIVATE);
            return;
        }
        Object result;
        try {
            DeployedDecisions.Found found = decisions.find(run.batch().connection, decisionId, run.instance().tenantId);
            if (found == null) {
                incident(run, ei, "CALLED_DECISION_ERROR", "Expected to evaluate decision '" + decisionId
                        + "' for business rule task '" + el.id() + "', but no decision found for id '" + decisionId + "'", -1, ACTIVATE);
                return;
            }
            result = decisions.engine().evaluate(found.graph().dmn(), decisionId, vars);
        } catch (DecisionException e) {
            incident(run, ei, "DECISION_EVALUATION_ERROR", e.getMessage() + " (business rule task '" + el.id() + "')", -1, ACTIVATE);
            return;
        } catch (SQLException e) {
            throw new EventApplier.StateWriteException(e);
        }
        if (!markActivated(run, ei, el)) {
            return;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put(el.decision().resultVariable(), result);
        complete(run, ei, out);
    }

    // ---- call activity ----

    private void activateCallActivity(Run run, ElementInstance ei, Element el) {
        Map<String, Object> vars = run.instance().visibleVariables(ei.key);
        ProcessRepository.Deployed called;
        try {
            String processId = feel.evaluateString(el.call().processId(), vars);
            called = repository.byId(run.batch().connection, processId, -1, run.instance().tenantId);
            if (called == null) {
                incident(run, ei, "CALLED_ELEMENT_ERROR", "Expected process with BPMN process id '" + processId
                        + "' to be deployed, but not found.", -1, ACTIVATE);
                return;
            }
        } catch (ExpressionException e) {
            incident(run, ei, "EXTRACT_VALUE_ERROR", e.getMessage(), -1, ACTIVATE);
            return;
        } catch (SQLException e) {
            throw new EventApplier.StateWriteException(e);
        }
        if (called.process().root().noneStart() == null) {
            incident(run, ei, "CALLED_ELEMENT_ERROR", "Expected process with BPMN process id '" + called.bpmnProcessId()
                    + "' to have a none start event, but it has none.", -1, ACTIVATE);
            return;
        }
        if (!markActivated(run, ei, el)) {
            return;
        }
        Map<String, Object> childVariables = el.call().propagateAllParentVariables() ? vars : localVariables(run, ei.key);
        long childKey = run.batch().newKey();
        var parent = run.instance();
        run.batch().append(new Event.ElementEvent(Event.ElementIntent.ELEMENT_ACTIVATING, childKey, new Event.ProcessInstanceValue(
                "PROCESS", called.bpmnProcessId(), called.bpmnProcessId(), called.version(), called.key(), childKey, -1,
                parent.key, ei.key, called.tenantId())));
        Run child = new Run(run.batch(), run.batch().instances.get(childKey), called);
        childVariables.forEach((name, value) -> Variables.setLocal(child, childKey, name, value));
        proceedActivation(child, child.root(), null);
    }

    /** A called instance completed: its call activity in the parent completes with the child's variables. */
    private void calledInstanceCompleted(Run child, Map<String, Object> rootVariables) {
        try {
            var parent = child.batch().instance(child.instance().parentProcessInstanceKey);
            ElementInstance callActivity = parent == null ? null : parent.element(child.instance().parentElementInstanceKey);
            if (callActivity == null || !"ACTIVATED".equals(callActivity.state)) {
                return;
            }
            Run run = new Run(child.batch(), parent, repository.byKey(child.batch().connection, parent.processDefinitionKey));
            Element el = run.element(callActivity);
            boolean propagate = el.call().propagateAllChildVariables() || !el.outputs().isEmpty();
            complete(run, callActivity, propagate ? new LinkedHashMap<>(rootVariables) : new LinkedHashMap<>());
        } catch (SQLException e) {
            throw new EventApplier.StateWriteException(e);
        }
    }

    private void activateUserTask(Run run, ElementInstance ei, Element el) {
        dev.weft.engine.model.UserTaskSpec spec = el.userTask();
        Map<String, Object> vars = run.instance().visibleVariables(ei.key);
        String assignee;
        List<String> groups;
        List<String> users;
        String due;
        String followUp;
        long priority;
        try {
            assignee = spec.assignee() == null ? null : emptyToNull(feel.evaluateString(spec.assignee(), vars));
            groups = spec.candidateGroups() == null ? List.of() : feel.evaluateStringList(spec.candidateGroups(), vars);
            users = spec.candidateUsers() == null ? List.of() : feel.evaluateStringList(spec.candidateUsers(), vars);
            due = spec.dueDate() == null ? null
                    : dateTime(spec.dueDate(), emptyToNull(feel.evaluateString(spec.dueDate(), vars)));
            followUp = spec.followUpDate() == null ? null
                    : dateTime(spec.followUpDate(), emptyToNull(feel.evaluateString(spec.followUpDate(), vars)));
            priority = spec.priority() == null ? 50 : feel.evaluateLong(spec.priority(), vars);
        } catch (ExpressionException e) {
            incident(run, ei, "EXTRACT_VALUE_ERROR", e.getMessage(), -1, ACTIVATE);
            return;
        }
        if (!markActivated(run, ei, el)) {
            return;
        }
        long key = run.batch().newKey();
        var inst = run.instance();
        run.batch().append(new Event.UserTaskEvent(Event.UserTaskIntent.CREATED, key, new dev.weft.engine.state.Rows.UserTask(
                key, el.name(), el.id(), ei.key, inst.key, inst.processDefinitionKey, inst.bpmnProcessId, inst.version,
                "CREATED", assignee, dev.weft.engine.state.Json.write(groups), dev.weft.engine.state.Json.write(users),
                due, followUp, spec.formKey(), (int) priority, run.batch().now, null, inst.tenantId)));
    }

    /**
     * A user task's due / follow-up date: an ISO-8601 date-time (with offset or zone), stored with its offset as the
     * v2 API returns it; anything else fails the expression, as in Zeebe.
     */
    private static String dateTime(dev.weft.engine.feel.Expression expression, String value) {
        if (value == null) {
            return null;
        }
        try {
            return java.time.ZonedDateTime.parse(value.strip()).toOffsetDateTime().toString();
        } catch (java.time.format.DateTimeParseException e) {
            String source = expression.source().strip();
            throw new ExpressionException("Expected result of the expression '" + (source.startsWith("=") ? source.substring(1) : source)
                    + "' to be a valid date-time string (ISO-8601 with offset, e.g. 2026-11-27T10:15:30+01:00), but was '" + value + "'.");
        }
    }

    private static String emptyToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    // ---- multi-instance ----

    private void activateBody(Run run, ElementInstance body, Element el) {
        LoopSpec loop = el.loop();
        List<Object> items;
        try {
            items = feel.evaluateList(loop.inputCollection(), run.instance().visibleVariables(body.flowScopeKey));
        } catch (ExpressionException e) {
            incident(run, body, "EXTRACT_VALUE_ERROR", e.getMessage(), -1, ACTIVATE);
            return;
        }
        if (!markActivated(run, body, el)) {
            return;
        }
        if (loop.outputCollection() != null) {
            List<Object> nulls = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                nulls.add(null);
            }
            Variables.setLocal(run, body.key, loop.outputCollection(), nulls);
        }
        if (items.isEmpty()) {
            complete(run, body, null);
            return;
        }
        if (loop.sequential()) {
            proceedActivation(run, createInner(run, body, el, items.getFirst(), 1), null);
            return;
        }
        // Every inner instance exists before any proceeds (as in Zeebe, where the body writes all their activate
        // commands first): one that completes at once (pass-through, script task) must not find the body without
        // active children and complete it while the others are still to come.
        List<Long> inner = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            inner.add(createInner(run, body, el, items.get(i), i + 1).key);
        }
        for (long key : inner) {
            ElementInstance ei = run.instance().element(key);
            if (ei != null && "ACTIVATING".equals(ei.state)) { // else a completion condition already ended it
                proceedActivation(run, ei, null);
            }
        }
    }

    /** Activates the next sequential inner instance. */
    private void activateInner(Run run, ElementInstance body, Element el, Object item, int loopCounter) {
        proceedActivation(run, createInner(run, body, el, item, loopCounter), null);
    }

    /** An inner instance in ACTIVATING with its input element and loop counter set, not yet proceeding. */
    private ElementInstance createInner(Run run, ElementInstance body, Element el, Object item, int loopCounter) {
        long key = run.batch().newKey();
        run.batch().append(new Event.ElementEvent(Event.ElementIntent.ELEMENT_ACTIVATING, key,
                run.value(el.kind().name(), el.id(), body.key)));
        if (el.loop().inputElement() != null) {
            Variables.setLocal(run, key, el.loop().inputElement(), item);
        }
        Variables.setLocal(run, key, "loopCounter", (long) loopCounter);
        return run.instance().element(key);
    }

    /** An inner instance completed (the applier counted it): collect its output, then continue, stop or finish. */
    private void innerCompleted(Run run, ElementInstance body, Element el, int loopCounter,
                                Map<String, Object> innerVariables) {
        LoopSpec loop = el.loop();
        if (loop.outputCollection() != null && loop.outputElement() != null) {
            Object out;
            try {
                out = feel.evaluate(loop.outputElement(), innerVariables);
            } catch (ExpressionException e) {
                out = null;
            }
            Object current = localVariables(run, body.key).get(loop.outputCollection());
            List<Object> list = current instanceof List<?> l ? new ArrayList<>(l) : new ArrayList<>();
            while (list.size() < loopCounter) {
                list.add(null);
            }
            list.set(loopCounter - 1, out);
            Variables.setLocal(run, body.key, loop.outputCollection(), list);
        }
        continueBody(run, body, el, innerVariables);
    }

    /** Completion condition, next sequential item, or completion of the body. */
    private void continueBody(Run run, ElementInstance body, Element el, Map<String, Object> variables) {
        LoopSpec loop = el.loop();
        List<Object> items;
        boolean done = false;
        try {
            items = feel.evaluateList(loop.inputCollection(), run.instance().visibleVariables(body.flowScopeKey));
            if (loop.completionCondition() != null) {
                Map<String, Object> ctx = new HashMap<>(variables);
                ctx.put("numberOfInstances", (long) items.size());
                ctx.put("numberOfCompletedInstances", (long) body.loopCompleted);
                ctx.put("numberOfActiveInstances", (long) body.activeChildren);
                done = feel.evaluateBoolean(loop.completionCondition(), ctx);
            }
        } catch (ExpressionException e) {
            incident(run, body, "EXTRACT_VALUE_ERROR", e.getMessage(), -1, COMPLETE);
            return;
        }
        if (done) {
            for (ElementInstance child : run.instance().children(body.key)) {
                terminate(run, child);
            }
            complete(run, body, null);
            return;
        }
        if (loop.sequential() && body.loopCompleted < items.size()) {
            int next = body.loopCompleted;
            activateInner(run, body, el, items.get(next), next + 1);
            return;
        }
        if (body.activeChildren == 0) {
            complete(run, body, null);
        }
    }

    // ---- ad-hoc sub-process ----

    private void activateAdHoc(Run run, ElementInstance ei, Element el) {
        // as Zeebe 8.8: after the input mappings, before activeElementsCollection or the job (an AI agent worker
        // builds its tool definitions from it)
        Variables.setLocal(run, ei.key, "adHocSubProcessElements", el.adHocElements());
        if (el.job() != null) {
            activateJobElement(run, ei, el);
            return;
        }
        List<String> ids = List.of();
        if (el.activeElements() != null) {
            try {
                ids = feel.evaluateStringList(el.activeElements(), run.instance().visibleVariables(ei.key));
            } catch (ExpressionException e) {
                incident(run, ei, "EXTRACT_VALUE_ERROR", e.getMessage(), -1, ACTIVATE);
                return;
            }
            for (String id : ids) {
                if (el.children().stream().noneMatch(c -> c.id().equals(id) && c.incoming().isEmpty())) {
                    incident(run, ei, "EXTRACT_VALUE_ERROR", "Expected to activate element '" + id
                            + "' of ad-hoc sub-process '" + el.id() + "', but no such element without incoming flows exists.", -1, ACTIVATE);
                    return;
                }
            }
        }
        if (!markActivated(run, ei, el)) {
            return;
        }
        for (String id : ids) {
            activate(run, run.element(id), ei.key, null);
        }
        if (ids.isEmpty()) {
            scopeMaybeComplete(run, ei);
        }
    }

    /**
     * An inner flow of a job-worker-driven ad-hoc sub-process ended (or a job result was applied). Once a job result
     * said the completion condition is fulfilled the sub-process completes when nothing runs inside any more;
     * otherwise the worker is asked again with a new job, unless one is still out (its worker sees the state when
     * it completes it, and {@link #applyAdHocResult} asks again when nothing else would).
     */
    private void adHocPathEnded(Run run, ElementInstance scope, Element el, boolean idle) {
        if (scope.adHocCompletionFulfilled) {
            if (idle) {
                complete(run, scope, null);
            }
            return;
        }
        if (scope.jobKey > 0) {
            return;
        }
        Map<String, Object> vars = run.instance().visibleVariables(scope.key);
        String type;
        long retries;
        try {
            type = feel.evaluateString(el.job().type(), vars);
            retries = feel.evaluateLong(el.job().retries(), vars);
        } catch (ExpressionException e) {
            incident(run, scope, "EXTRACT_VALUE_ERROR", e.getMessage(), -1, COMPLETE);
            return;
        }
        createJob(run, scope, el, type, retries);
    }

    /**
     * Checks a job result of an ad-hoc sub-process before anything is written: every element to activate must be an
     * inner element without incoming flows. Returns the rejection message, or {@code null}.
     */
    static String checkAdHocResult(Element adHoc, AdHocJobResult result) {
        List<String> unknown = new ArrayList<>();
        for (var a : result.activateElements()) {
            String id = a.elementId();
            if (id == null || adHoc.children().stream().noneMatch(c -> c.id().equals(id) && c.incoming().isEmpty()
                    && c.kind() != ElementKind.EVENT_SUB_PROCESS && c.kind() != ElementKind.BOUNDARY_EVENT
                    && c.kind() != ElementKind.START_EVENT)) {
                unknown.add("'" + id + "'");
            }
        }
        return unknown.isEmpty() ? null : "Expected to activate elements of ad-hoc sub-process '" + adHoc.id()
                + "', but no inner element without incoming flows exists with the id(s) " + String.join(", ", unknown);
    }

    /**
     * Applies a checked job result to its ad-hoc sub-process (the job is already completed): the job's variables,
     * then the listed inner elements with their variables as local variables, then the completion.
     */
    void applyAdHocResult(Run run, ElementInstance scope, Map<String, Object> variables,
                          AdHocJobResult result) {
        Element el = run.element(scope);
        if (variables != null && !variables.isEmpty()) {
            Variables.merge(run, scope.key, variables);
        }
        for (var a : result.activateElements()) {
            Map<String, Object> local = a.variables() == null ? Map.of() : a.variables();
            activateWithLocals(run, run.element(a.elementId()), scope.key, local);
        }
        boolean idle = scope.activeChildren == 0 && scope.waitingTokenCount() == 0;
        if (result.completionConditionFulfilled()) {
            if (!idle && result.cancelRemainingInstances()) {
                for (ElementInstance child : run.instance().children(scope.key)) {
                    terminate(run, child);
                }
                idle = true;
            }
            if (idle) {
                complete(run, scope, null);
            }
            return;
        }
        if (idle) {
            // nothing runs inside and the worker activated nothing: inner flows may have ended while its job was
            // out, so ask again rather than leave the sub-process waiting forever
            adHocPathEnded(run, scope, el, true);
        }
    }

    /** Activates an inner element with variables set locally on the new instance before its input mappings. */
    private void activateWithLocals(Run run, Element el, long flowScopeKey, Map<String, Object> local) {
        long key = run.batch().newKey();
        String type = el.loop() != null ? BODY : el.kind().name();
        run.batch().append(new Event.ElementEvent(Event.ElementIntent.ELEMENT_ACTIVATING, key,
                run.value(type, el.id(), flowScopeKey)));
        local.forEach((name, value) -> Variables.setLocal(run, key, name, value));
        proceedActivation(run, run.instance().element(key), null);
    }

    // ---- completion ----

    /**
     * Completes an element: result variables (from a job, a message, a script...) and output mappings, then the
     * outgoing flows or the completion of the flow scope.
     */
    void complete(Run run, ElementInstance ei, Map<String, Object> resultVariables) {
        Element el = run.element(ei);
        boolean body = BODY.equals(ei.elementType);
        if (resultVariables != null && !resultVariables.isEmpty()) {
            if (!el.outputs().isEmpty() && !body) {
                resultVariables.forEach((k, v) -> Variables.setLocal(run, ei.key, k, v));
            } else {
                Variables.merge(run, ei.key, resultVariables);
            }
        }
        List<Flow> flows = el.outgoing();
        if (el.kind() == ElementKind.EXCLUSIVE_GATEWAY || el.kind() == ElementKind.INCLUSIVE_GATEWAY) {
            try {
                flows = chooseFlows(run, ei, el);
            } catch (ExpressionException e) {
                incident(run, ei, "CONDITION_ERROR", e.getMessage(), -1, COMPLETE);
                return;
            }
            if (flows == null) {
                return;
            }
        }
        Map<String, Object> innerVariables = null;
        ElementInstance scope = run.instance().element(ei.flowScopeKey);
        boolean inner = scope != null && BODY.equals(scope.elementType) && !body;
        if (inner) {
            innerVariables = run.instance().visibleVariables(ei.key);
        }
        boolean hasOutputs = !el.outputs().isEmpty() && (el.loop() == null || body);
        if (hasOutputs) {
            Map<String, Object> context = run.instance().visibleVariables(ei.key);
            Map<String, Object> out = new LinkedHashMap<>();
            try {
                for (Mapping m : el.outputs()) {
                    Map<String, Object> ctx = new HashMap<>(context);
                    ctx.putAll(out);
                    Variables.putPath(out, run.instance().visibleVariables(ei.flowScopeKey), m.target(), feel.evaluate(m.source(), ctx));
                }
            } catch (ExpressionException e) {
                incident(run, ei, "IO_MAPPING_ERROR", e.getMessage(), -1, COMPLETE);
                return;
            }
            if (ei.key != run.instance().key) {
                Variables.merge(run, ei.flowScopeKey, out);
            }
        }
        if (body) {
            String collection = el.loop().outputCollection();
            if (collection != null) {
                Object value = localVariables(run, ei.key).get(collection);
                Map<String, Object> out = new LinkedHashMap<>();
                out.put(collection, value);
                Variables.merge(run, ei.flowScopeKey, out);
            }
        }
        subscriptions.close(run, ei);
        run.element(Event.ElementIntent.ELEMENT_COMPLETING, ei);
        Map<String, Object> rootVariables = ei.key == run.instance().key ? run.instance().visibleVariables(ei.key) : null;
        run.element(Event.ElementIntent.ELEMENT_COMPLETED, ei);
        if (ei.key == run.instance().key) {
            instances.instanceEnded(run, true, rootVariables);
            if (run.instance().parentProcessInstanceKey > 0) {
                calledInstanceCompleted(run, rootVariables);
            }
            return;
        }
        if (inner) {
            innerCompleted(run, scope, el, ei.loopCounter, innerVariables);
            return;
        }
        if (!flows.isEmpty()) {
            for (Flow f : flows) {
                takeFlow(run, f, ei.flowScopeKey);
            }
        } else if (scope != null) {
            scopeMaybeComplete(run, scope);
        }
    }

    /** Flows to take from an exclusive / inclusive gateway; {@code null} after raising an incident. */
    private List<Flow> chooseFlows(Run run, ElementInstance ei, Element el) {
        if (el.outgoing().size() <= 1 && el.kind() == ElementKind.EXCLUSIVE_GATEWAY) {
            return el.outgoing();
        }
        Map<String, Object> vars = run.instance().visibleVariables(ei.key);
        List<Flow> taken = new ArrayList<>();
        for (Flow f : el.outgoing()) {
            if (f.id().equals(el.defaultFlowId())) {
                continue;
            }
            // a flow without a condition (e.g. the single flow out of a joining gateway) is always taken
            if (f.condition() == null || feel.evaluateBoolean(f.condition(), vars)) {
                taken.add(f);
                if (el.kind() == ElementKind.EXCLUSIVE_GATEWAY) {
                    break;
                }
            }
        }
        if (taken.isEmpty() && el.defaultFlow() != null) {
            taken.add(el.defaultFlow());
        }
        if (taken.isEmpty()) {
            incident(run, ei, "CONDITION_ERROR", "Expected at least one condition to evaluate to true, or to have a default flow", -1, COMPLETE);
            return null;
        }
        return taken;
    }

    void takeFlow(Run run, Flow flow, long flowScopeKey) {
        takeFlow(run, flow, flowScopeKey, null);
    }

    private void takeFlow(Run run, Flow flow, long flowScopeKey, Map<String, Object> eventVariables) {
        run.batch().append(new Event.ElementEvent(Event.ElementIntent.SEQUENCE_FLOW_TAKEN, run.batch().newKey(),
                run.value("SEQUENCE_FLOW", flow.id(), flowScopeKey)));
        Element target = run.element(flow.targetId());
        boolean joining = (target.kind() == ElementKind.PARALLEL_GATEWAY || target.kind() == ElementKind.INCLUSIVE_GATEWAY)
                && target.incoming().size() > 1;
        if (!joining) {
            activate(run, target, flowScopeKey, eventVariables);
            return;
        }
        ElementInstance scope = run.instance().element(flowScopeKey);
        if (joinReady(run, scope, target)) {
            activate(run, target, flowScopeKey, null);
        }
    }

    private boolean joinReady(Run run, ElementInstance scope, Element gateway) {
        Set<String> missing = new HashSet<>();
        for (Flow f : gateway.incoming()) {
            if (scope.waitingTokens.getOrDefault(gateway.id() + "|" + f.id(), 0) == 0) {
                missing.add(f.id());
            }
        }
        if (missing.isEmpty()) {
            return true;
        }
        if (gateway.kind() == ElementKind.PARALLEL_GATEWAY) {
            return false;
        }
        // Inclusive join: wait only for flows that an active element or waiting token can still reach.
        for (ElementInstance child : run.instance().children(scope.key)) {
            for (String flowId : missing) {
                if (reaches(run, run.element(child.elementId), flowId, new HashSet<>())) {
                    return false;
                }
            }
        }
        for (String token : scope.waitingTokens.keySet()) {
            String gw = token.substring(0, token.indexOf('|'));
            if (gw.equals(gateway.id())) {
                continue;
            }
            for (String flowId : missing) {
                if (reaches(run, run.element(gw), flowId, new HashSet<>())) {
                    return false;
                }
            }
        }
        return true;
    }

    private boolean reaches(Run run, Element from, String flowId, Set<String> seen) {
        if (!seen.add(from.id())) {
            return false;
        }
        for (Flow f : from.outgoing()) {
            if (f.id().equals(flowId) || reaches(run, run.element(f.targetId()), flowId, seen)) {
                return true;
            }
        }
        for (Element b : from.boundaries()) {
            if (reaches(run, b, flowId, seen)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Completes a scope once nothing is active in it and no token waits at a join. An ad-hoc sub-process with a
     * completion condition is judged each time one of its inner flows ends, as in Zeebe: once the condition holds it
     * completes at once, terminating what still runs inside, or, with {@code cancelRemainingInstances="false"},
     * when the last inner flow ends.
     */
    void scopeMaybeComplete(Run run, ElementInstance scope) {
        if (!"ACTIVATED".equals(scope.state) || BODY.equals(scope.elementType)) {
            return;
        }
        boolean idle = scope.activeChildren == 0 && scope.waitingTokenCount() == 0;
        Element el = run.element(scope);
        if (el.kind() == ElementKind.AD_HOC_SUB_PROCESS && el.job() != null) {
            adHocPathEnded(run, scope, el, idle);
            return;
        }
        if (el.kind() == ElementKind.AD_HOC_SUB_PROCESS && el.adHocCompletion() != null) {
            try {
                if (!feel.evaluateBoolean(el.adHocCompletion(), run.instance().visibleVariables(scope.key))) {
                    return;
                }
            } catch (ExpressionException e) {
                incident(run, scope, "EXTRACT_VALUE_ERROR", e.getMessage(), -1, COMPLETE);
                return;
            }
            if (!idle) {
                if (!el.cancelRemainingInstances()) {
                    return;
                }
                for (ElementInstance child : run.instance().children(scope.key)) {
                    terminate(run, child);
                }
            }
            complete(run, scope, null);
            return;
        }
        if (idle) {
            complete(run, scope, null);
        }
    }

    // ---- termination ----

    /** Terminates an element instance and everything inside it. */
    void terminate(Run run, ElementInstance ei) {
        if ("TERMINATING".equals(ei.state)) {
            return;
        }
        run.element(Event.ElementIntent.ELEMENT_TERMINATING, ei);
        for (ElementInstance child : run.instance().children(ei.key)) {
            terminate(run, child);
        }
        try {
            if (ei.jobKey > 0) {
                JobRow job = run.batch().job(ei.jobKey);
                if (job != null) {
                    run.batch().append(new Event.JobEvent(Event.JobIntent.CANCELED, job.key, JobValues.of(job)));
                }
            }
            if (ei.incidentKey > 0) {
                resolveIncidentRecord(run, run.batch().incident(ei.incidentKey));
            }
            if (ei.calledInstanceKey > 0) {
                var child = run.batch().instance(ei.calledInstanceKey);
                if (child != null) {
                    terminate(new Run(run.batch(), child, repository.byKey(run.batch().connection, child.processDefinitionKey)),
                            child.element(child.key));
                }
            }
            if (ei.userTaskKey > 0) {
                var task = run.batch().userTask(ei.userTaskKey);
                if (task != null) {
                    run.batch().append(new Event.UserTaskEvent(Event.UserTaskIntent.CANCELED, task.key(),
                            UserTasks.withState(task, "CANCELED", task.assignee(), run.batch().now)));
                }
            }
        } catch (SQLException e) {
            throw new EventApplier.StateWriteException(e);
        }
        subscriptions.close(run, ei);
        run.element(Event.ElementIntent.ELEMENT_TERMINATED, ei);
        if (ei.key == run.instance().key) {
            instances.instanceEnded(run, false, null);
        }
    }

    /** Terminate end event: ends every other element of its scope, then completes the scope. */
    private void terminateScope(Run run, ElementInstance endEvent) {
        ElementInstance scope = run.instance().element(endEvent.flowScopeKey);
        run.element(Event.ElementIntent.ELEMENT_COMPLETING, endEvent);
        run.element(Event.ElementIntent.ELEMENT_COMPLETED, endEvent);
        for (ElementInstance child : run.instance().children(scope.key)) {
            terminate(run, child);
        }
        complete(run, scope, null);
    }

    // ---- errors ----

    /**
     * Throws a BPMN error from an element instance: the innermost matching error event sub-process or error boundary
     * event catches it (an exact code before a catch-all). Returns {@code false} (after raising an
     * {@code UNHANDLED_ERROR_EVENT} incident) when nothing catches it.
     */
    boolean throwError(Run run, ElementInstance thrower, String code, String message, Map<String, Object> variables,
                       long jobKey) {
        ElementInstance cur = thrower;
        while (cur != null) {
            Element el = run.element(cur);
            boolean innerInstance = isInnerInstance(run, cur);
            if (cur != thrower && (el.kind().isContainer())) {
                Element esp = match(el.eventSubProcesses(), code, true);
                if (esp != null) {
                    triggerEventSubProcess(run, cur, esp, variables);
                    return true;
                }
            }
            if (!innerInstance && cur.key != run.instance().key) {
                Element boundary = match(el.boundaries(), code, false);
                if (boundary != null) {
                    triggerBoundary(run, cur, boundary, variables);
                    return true;
                }
            }
            if (cur.key == run.instance().key) {
                break;
            }
            cur = run.instance().element(cur.flowScopeKey);
        }
        if (run.instance().parentProcessInstanceKey > 0 && catchableInParent(run, code)) {
            try {
                var parent = run.batch().instance(run.instance().parentProcessInstanceKey);
                Run parentRun = new Run(run.batch(), parent, repository.byKey(run.batch().connection, parent.processDefinitionKey));
                return throwError(parentRun, parent.element(run.instance().parentElementInstanceKey), code, message,
                        variables, -1);
            } catch (SQLException e) {
                throw new EventApplier.StateWriteException(e);
            }
        }
        String reason = "Expected to throw an error event with the code '" + code + "' with message '"
                + (message == null ? "" : message) + "', but it was not caught. No error events are available in the scope.";
        incident(run, thrower, "UNHANDLED_ERROR_EVENT", reason, jobKey, null);
        return false;
    }

    // ---- escalations ----

    /**
     * An escalation throw event was reached: the innermost escalation catch event above it (an event sub-process
     * start in an enclosing scope, or a boundary event of an enclosing sub-process or call activity; an exact code
     * before a catch-all) is triggered. Escalations are not critical: unless an interrupting catch event terminated
     * the thrower, it then completes and its flow continues, and an escalation nobody catches raises no incident.
     */
    private void throwEscalation(Run run, ElementInstance thrower, String code, Map<String, Object> eventVariables) {
        catchEscalation(run, run.instance().element(thrower.flowScopeKey), code);
        if ("ACTIVATED".equals(thrower.state)) {
            complete(run, thrower, eventVariables);
        }
    }

    /** Looks for a catcher from {@code scope} outwards, through call activities into parent instances. */
    private boolean catchEscalation(Run run, ElementInstance scope, String code) {
        ElementInstance cur = scope;
        while (cur != null) {
            Element el = run.element(cur);
            boolean body = BODY.equals(cur.elementType);
            List<Element> subProcesses = !body && el.kind().isContainer() ? el.eventSubProcesses() : List.of();
            List<Element> boundaries = !isInnerInstance(run, cur) && cur.key != run.instance().key ? el.boundaries() : List.of();
            Element esp = matchEscalation(subProcesses, code, true, true);
            Element boundary = esp == null ? matchEscalation(boundaries, code, false, true) : null;
            if (esp == null && boundary == null) {
                esp = matchEscalation(subProcesses, code, true, false);
                boundary = esp == null ? matchEscalation(boundaries, code, false, false) : null;
            }
            if (esp != null) {
                triggerEventSubProcess(run, cur, esp, null);
                return true;
            }
            if (boundary != null) {
                triggerBoundary(run, cur, boundary, null);
                return true;
            }
            if (cur.key == run.instance().key) {
                break;
            }
            cur = run.instance().element(cur.flowScopeKey);
        }
        if (run.instance().parentProcessInstanceKey <= 0) {
            return false;
        }
        try {
            var parent = run.batch().instance(run.instance().parentProcessInstanceKey);
            if (parent == null) {
                return false;
            }
            Run parentRun = new Run(run.batch(), parent, repository.byKey(run.batch().connection, parent.processDefinitionKey));
            return catchEscalation(parentRun, parent.element(run.instance().parentElementInstanceKey), code);
        } catch (SQLException e) {
            throw new EventApplier.StateWriteException(e);
        }
    }

    /** The escalation catch event among {@code candidates} for {@code code}: exactly by code, or else a catch-all. */
    private static Element matchEscalation(List<Element> candidates, String code, boolean eventSubProcess, boolean exact) {
        for (Element c : candidates) {
            Element trigger = eventSubProcess ? c.eventSubProcessStart() : c;
            if (trigger.event() instanceof EventDefinition.Escalation esc
                    && (exact ? code.equals(esc.catchCode()) : esc.catchCode() == null)) {
                return c;
            }
        }
        return null;
    }

    /** Whether an error escaping a called instance is caught somewhere up its chain of parents. */
    private boolean catchableInParent(Run run, String code) {
        try {
            var inst = run.instance();
            while (inst.parentProcessInstanceKey > 0) {
                var parent = run.batch().instance(inst.parentProcessInstanceKey);
                if (parent == null) {
                    return false;
                }
                var d = repository.byKey(run.batch().connection, parent.processDefinitionKey);
                ElementInstance cur = parent.element(inst.parentElementInstanceKey);
                while (cur != null) {
                    Element el = d.process().element(cur.elementId);
                    if (match(el.boundaries(), code, false) != null
                            || (el.kind().isContainer() && match(el.eventSubProcesses(), code, true) != null)) {
                        return true;
                    }
                    if (cur.key == parent.key) {
                        break;
                    }
                    cur = parent.element(cur.flowScopeKey);
                }
                inst = parent;
            }
            return false;
        } catch (SQLException e) {
            throw new EventApplier.StateWriteException(e);
        }
    }

    private static boolean isInnerInstance(Run run, ElementInstance ei) {
        ElementInstance scope = run.instance().element(ei.flowScopeKey);
        return scope != null && BODY.equals(scope.elementType) && scope.key != ei.key;
    }

    private static Element match(List<Element> candidates, String code, boolean eventSubProcess) {
        Element catchAll = null;
        for (Element c : candidates) {
            Element trigger = eventSubProcess ? c.eventSubProcessStart() : c;
            if (trigger.event() instanceof EventDefinition.Error err) {
                if (err.errorCode() == null) {
                    catchAll = catchAll == null ? c : catchAll;
                } else if (err.errorCode().equals(code)) {
                    return c;
                }
            }
        }
        return catchAll;
    }

    /** A boundary event fires: an interrupting one terminates its host first. */
    void triggerBoundary(Run run, ElementInstance host, Element boundary, Map<String, Object> variables) {
        if (boundary.interrupting()) {
            terminate(run, host);
        }
        activate(run, boundary, host.flowScopeKey, variables == null ? null : new LinkedHashMap<>(variables));
    }

    /** An event sub-process starts in {@code scope}; an interrupting one terminates the scope's other children. */
    void triggerEventSubProcess(Run run, ElementInstance scope, Element eventSubProcess, Map<String, Object> variables) {
        Element start = eventSubProcess.eventSubProcessStart();
        if (start.interrupting()) {
            for (ElementInstance child : run.instance().children(scope.key)) {
                terminate(run, child);
            }
        }
        activate(run, eventSubProcess, scope.key, variables == null ? null : new LinkedHashMap<>(variables));
    }

    // ---- incidents ----

    /**
     * Raises an incident on an element. Which step a resolution retries follows from the element's state
     * (ACTIVATING: the activation, ACTIVATED: the completion), as in Zeebe; {@code step} documents the intent.
     */
    void incident(Run run, ElementInstance ei, String errorType, String message, long jobKey, String step) {
        long key = run.batch().newKey();
        run.batch().append(new Event.IncidentEvent(Event.IncidentIntent.CREATED, key, new Event.IncidentValue(
                errorType, message, run.instance().bpmnProcessId, run.instance().processDefinitionKey,
                run.instance().key, ei.elementId, ei.key, jobKey, run.instance().tenantId)));
    }

    void resolveIncidentRecord(Run run, IncidentRow row) {
        if (row == null || !"ACTIVE".equals(row.state)) {
            return;
        }
        run.batch().append(new Event.IncidentEvent(Event.IncidentIntent.RESOLVED, row.key, new Event.IncidentValue(
                row.errorType, row.errorMessage, row.bpmnProcessId, row.processDefinitionKey, row.processInstanceKey,
                row.elementId, row.elementInstanceKey, row.jobKey, row.tenantId)));
    }

    /** After an incident on a step (not a job) is resolved: run the failed step again with current variables. */
    void retry(Run run, ElementInstance ei) {
        Element el = run.element(ei);
        if ("ACTIVATING".equals(ei.state)) {
            proceedActivation(run, ei, null);
        } else if (BODY.equals(ei.elementType)) {
            continueBody(run, ei, el, run.instance().visibleVariables(ei.key));
        } else if (el.kind() == ElementKind.AD_HOC_SUB_PROCESS && el.job() != null) {
            scopeMaybeComplete(run, ei); // the job could not be created again: try again
        } else if (el.event() instanceof EventDefinition.Error err && el.kind() == ElementKind.END_EVENT) {
            throwError(run, ei, err.errorCode(), "", Map.of(), -1);
        } else {
            complete(run, ei, null);
        }
    }
}
