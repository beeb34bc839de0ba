package dev.weft.engine.processing;

import dev.weft.engine.feel.ExpressionException;
import dev.weft.engine.feel.Feel;
import dev.weft.engine.model.Element;
import dev.weft.engine.model.ElementKind;
import dev.weft.engine.model.EventDefinition;
import dev.weft.engine.state.ElementInstance;
import dev.weft.engine.state.Json;
import dev.weft.engine.state.Rows;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The events an element instance waits for: timers, message and signal subscriptions of catch events, receive
 * tasks, event-based gateways, boundary events and event sub-process starts. Planned (expressions evaluated)
 * before the element is ACTIVATED, so an expression failure becomes an incident on an activating element;
 * opened after; closed when the element ends.
 */
final class Subscriptions {

    /** One planned subscription. {@code timer} is set for timers, {@code name}/{@code correlationKey} for messages. */
    record Plan(String kind, Element target, boolean interrupting, String name, String correlationKey, Timers.Due timer) {
    }

    private final Feel feel;

    Subscriptions(Feel feel) {
        this.feel = feel;
    }

    /** What {@code ei} must listen to; throws {@link ExpressionException} when an expression fails. */
    List<Plan> plan(Run run, ElementInstance ei, Element el, boolean hostsBoundaries, boolean multiInstanceBody) {
        List<Plan> plans = new ArrayList<>();
        Map<String, Object> vars = run.instance().visibleVariables(ei.key);
        if (multiInstanceBody) {
            addBoundaries(plans, run, el, vars);
            return plans;
        }
        switch (el.kind()) {
            case INTERMEDIATE_CATCH_EVENT, RECEIVE_TASK -> add(plans, run, el, el.event(), true, vars);
            case EVENT_BASED_GATEWAY -> {
                for (var flow : el.outgoing()) {
                    Element target = run.element(flow.targetId());
                    add(plans, run, target, target.event(), true, vars);
                }
            }
            default -> {
            }
        }
        if (hostsBoundaries && el.loop() == null) {
            addBoundaries(plans, run, el, vars);
        }
        if (el.kind().isContainer()) {
            for (Element esp : el.eventSubProcesses()) {
                Element start = esp.eventSubProcessStart();
                if (!thrownWithin(start.event())) {
                    add(plans, run, esp, start.event(), start.interrupting(), vars);
                }
            }
        }
        return plans;
    }

    private void addBoundaries(List<Plan> plans, Run run, Element el, Map<String, Object> vars) {
        for (Element b : el.boundaries()) {
            if (!thrownWithin(b.event())) {
                add(plans, run, b, b.event(), b.interrupting(), vars);
            }
        }
    }

    /** Errors and escalations are thrown inside the instance and looked up when thrown; nothing to subscribe to. */
    private static boolean thrownWithin(EventDefinition def) {
        return def instanceof EventDefinition.Error || def instanceof EventDefinition.Escalation;
    }

    private void add(List<Plan> plans, Run run, Element target, EventDefinition def, boolean interrupting,
                     Map<String, Object> vars) {
        long now = run.batch().now;
        switch (def) {
            case EventDefinition.Timer t -> {
                Timers.Due due;
                if (t.duration() != null) {
                    due = Timers.duration(text(t.duration(), vars), now);
                } else if (t.date() != null) {
                    due = Timers.date(text(t.date(), vars));
                } else {
                    due = Timers.cycle(text(t.cycle(), vars), now);
                }
                plans.add(new Plan("TIMER", target, interrupting, null, null, due));
            }
            case EventDefinition.Message m -> {
                String name = feel.evaluateString(m.nameExpression(), vars);
                Object key = feel.evaluate(m.correlationKey(), vars);
                if (!(key instanceof String) && !(key instanceof Number)) {
                    throw new ExpressionException("Failed to extract the correlation key for '" + m.correlationKey().source()
                            + "': The value must be either a string or a number, but was "
                            + (key == null ? "NULL" : key.getClass().getSimpleName().toUpperCase(java.util.Locale.ROOT)) + ".");
                }
                plans.add(new Plan("MESSAGE", target, interrupting, name, String.valueOf(key), null));
            }
            case EventDefinition.Signal s -> plans.add(new Plan("SIGNAL", target, interrupting,
                    feel.evaluateString(s.name(), vars), null, null));
            default -> {
            }
        }
    }

    private String text(dev.weft.engine.feel.Expression e, Map<String, Object> vars) {
        Object v = feel.evaluate(e, vars);
        if (v == null) {
            throw new ExpressionException("Expected the timer expression '" + e.source() + "' to evaluate to a value, but it was NULL");
        }
        return String.valueOf(v);
    }

    /**
     * Opens the planned subscriptions on {@code ei}. A buffered message that matches is correlated at once; returns
     * the first such (subscription plan, message) so the caller can trigger it once everything is open.
     */
    Correlation open(Run run, ElementInstance ei, List<Plan> plans) throws SQLException {
        Correlation buffered = null;
        var inst = run.instance();
        for (Plan p : plans) {
            long key = run.batch().newKey();
            switch (p.kind()) {
                case "TIMER" -> run.batch().append(new Event.TimerEvent(Event.TimerIntent.CREATED, key,
                        new Rows.Timer(key, inst.key, ei.key, inst.processDefinitionKey, p.target().id(),
                                p.timer().dueDate(), p.timer().repetitions(), p.timer().interval(), inst.tenantId)));
                case "MESSAGE" -> {
                    Rows.MessageSubscription sub = new Rows.MessageSubscription(key, inst.key, ei.key,
                            inst.bpmnProcessId, p.target().id(), p.name(), p.correlationKey(), p.interrupting(), inst.tenantId);
                    run.batch().append(new Event.MessageSubscriptionEvent(Event.SubscriptionIntent.CREATED, key, sub, -1));
                    if (buffered == null) {
                        Rows.Message m = bufferedMessage(run.batch(), p.name(), p.correlationKey(), inst.bpmnProcessId, inst.tenantId);
                        if (m != null) {
                            buffered = new Correlation(sub, m);
                        }
                    }
                }
                case "SIGNAL" -> run.batch().append(new Event.SignalSubscriptionEvent(Event.SubscriptionIntent.CREATED,
                        key, new Rows.SignalSubscription(key, inst.key, ei.key, p.target().id(), p.name(), inst.tenantId)));
                default -> throw new IllegalStateException(p.kind());
            }
        }
        return buffered;
    }

    /** A subscription and the message it correlates with. */
    record Correlation(Rows.MessageSubscription subscription, Rows.Message message) {
        Map<String, Object> variables() {
            return Json.readMap(message.variables());
        }
    }

    /** The oldest live buffered message for a subscription, not yet correlated to this process. */
    static Rows.Message bufferedMessage(Batch b, String name, String correlationKey, String bpmnProcessId, String tenant)
            throws SQLException {
        try (PreparedStatement ps = b.connection.prepareStatement(
                "SELECT key, name, correlation_key, message_id, expires_at, variables, tenant_id FROM engine.message m "
                        + "WHERE name = ? AND correlation_key = ? AND tenant_id = ? AND expires_at > ? "
                        + "AND NOT EXISTS (SELECT 1 FROM engine.message_correlation c WHERE c.message_key = m.key "
                        + "AND c.bpmn_process_id = ?) ORDER BY key LIMIT 1")) {
            ps.setString(1, name);
            ps.setString(2, correlationKey);
            ps.setString(3, tenant);
            ps.setLong(4, b.now);
            ps.setString(5, bpmnProcessId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                return new Rows.Message(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5),
                        rs.getString(6), rs.getString(7));
            }
        }
    }

    /** Closes every subscription {@code ei} owns (it is ending). */
    void close(Run run, ElementInstance ei) {
        var inst = run.instance();
        for (Long key : List.copyOf(ei.timers)) {
            run.batch().append(new Event.TimerEvent(Event.TimerIntent.CANCELED, key,
                    new Rows.Timer(key, inst.key, ei.key, inst.processDefinitionKey, "", 0, 0, null, inst.tenantId)));
        }
        for (Long key : List.copyOf(ei.messageSubscriptions)) {
            run.batch().append(new Event.MessageSubscriptionEvent(Event.SubscriptionIntent.DELETED, key,
                    new Rows.MessageSubscription(key, inst.key, ei.key, inst.bpmnProcessId, "", "", "", true, inst.tenantId), -1));
        }
        for (Long key : List.copyOf(ei.signalSubscriptions)) {
            run.batch().append(new Event.SignalSubscriptionEvent(Event.SubscriptionIntent.DELETED, key,
                    new Rows.SignalSubscription(key, inst.key, ei.key, "", "", inst.tenantId)));
        }
    }

    static boolean waitsForEvent(ElementKind kind) {
        return kind == ElementKind.INTERMEDIATE_CATCH_EVENT || kind == ElementKind.RECEIVE_TASK
                || kind == ElementKind.EVENT_BASED_GATEWAY;
    }
}
