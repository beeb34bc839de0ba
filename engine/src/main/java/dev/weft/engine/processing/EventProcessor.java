package dev.weft.engine.processing;

import dev.weft.engine.api.EngineRejection;
import dev.weft.engine.api.MessageCorrelated;
import dev.weft.engine.api.RejectionType;
import dev.weft.engine.state.ElementInstance;
import dev.weft.engine.state.InstanceRuntime;
import dev.weft.engine.state.Json;
import dev.weft.engine.state.Rows;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Things that happen to waiting instances from outside: messages (published or correlated), signals and due
 * timers. Each correlation locks the target instance inside the batch; lock-order deadlocks with another engine
 * are resolved by the batch retry.
 */
final class EventProcessor {

    private final ProcessRepository repository;
    private final BpmnBehavior behavior;
    private final InstanceProcessor instances;

    EventProcessor(ProcessRepository repository, BpmnBehavior behavior, InstanceProcessor instances) {
        this.repository = repository;
        this.behavior = behavior;
        this.instances = instances;
    }

    private Run run(Batch b, InstanceRuntime inst) throws SQLException {
        return new Run(b, inst, repository.byKey(b.connection, inst.processDefinitionKey));
    }

    // ---- messages ----

    Object publish(Batch b, String name, String correlationKey, Duration ttl, String messageId,
                   Map<String, Object> variables, boolean mustCorrelate) throws SQLException {
        if (name == null || name.isBlank()) {
            return EngineRejection.invalidArgument("Expected a message name, but it was empty");
        }
        String corr = correlationKey == null ? "" : correlationKey;
        String tenant = dev.weft.engine.api.Engine.DEFAULT_TENANT;
        if (messageId != null && !messageId.isBlank() && duplicate(b, name, corr, messageId, tenant)) {
            return new EngineRejection(RejectionType.ALREADY_EXISTS, "Expected to publish a new message with id '"
                    + messageId + "', but a message with that id was already published");
        }
        long ttlMs = ttl == null || mustCorrelate ? 0 : Math.max(0, ttl.toMillis());
        long key = b.newKey();
        Rows.Message message = new Rows.Message(key, name, corr, messageId == null || messageId.isBlank() ? null : messageId,
                b.now + ttlMs, Json.write(variables), tenant);
        b.append(new Event.MessageEvent(Event.MessageIntent.PUBLISHED, key, message, ttlMs > 0));
        Set<String> correlatedProcesses = new HashSet<>();
        long firstInstance = -1;
        for (Rows.MessageSubscription sub : subscriptions(b, name, corr, tenant)) {
            if (!correlatedProcesses.add(sub.bpmnProcessId())) {
                continue; // a message correlates once per process id
            }
            InstanceRuntime inst = b.instance(sub.processInstanceKey());
            if (inst == null) {
                correlatedProcesses.remove(sub.bpmnProcessId());
                continue;
            }
            behavior.correlate(run(b, inst), sub, key, new LinkedHashMap<>(variables));
            firstInstance = firstInstance < 0 ? inst.key : firstInstance;
        }
        for (String[] start : startSubscriptions(b, "MESSAGE", name, tenant)) {
            if (correlatedProcesses.add(start[1])) {
                long pi = instances.createAt(b, Long.parseLong(start[0]), start[2], variables);
                markCorrelated(b, key, start[1]);
                firstInstance = firstInstance < 0 ? pi : firstInstance;
            }
        }
        if (mustCorrelate) {
            if (firstInstance < 0) {
                return EngineRejection.notFound("Expected to find subscription for message with name '" + name
                        + "' and correlation key '" + corr + "', but none was found.");
            }
            return new MessageCorrelated(key, firstInstance, tenant);
        }
        return key;
    }

    private static boolean duplicate(Batch b, String name, String corr, String messageId, String tenant) throws SQLException {
        try (PreparedStatement ps = b.connection.prepareStatement("SELECT 1 FROM engine.message WHERE tenant_id = ? "
                + "AND name = ? AND correlation_key = ? AND message_id = ? AND expires_at > ?")) {
            ps.setString(1, tenant);
            ps.setString(2, name);
            ps.setString(3, corr);
            ps.setString(4, messageId);
            ps.setLong(5, b.now);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static List<Rows.MessageSubscription> subscriptions(Batch b, String name, String corr, String tenant)
            throws SQLException {
        List<Rows.MessageSubscription> out = new ArrayList<>();
        try (PreparedStatement ps = b.connection.prepareStatement("SELECT key, process_instance_key, element_instance_key, "
                + "bpmn_process_id, target_element_id, message_name, correlation_key, interrupting, tenant_id "
                + "FROM engine.message_subscription WHERE message_name = ? AND correlation_key = ? AND tenant_id = ? "
                + "ORDER BY key")) {
            ps.setString(1, name);
            ps.setString(2, corr);
            ps.setString(3, tenant);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Rows.MessageSubscription(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getString(7), rs.getBoolean(8), rs.getString(9)));
                }
            }
        }
        return out;
    }

    /** {processDefinitionKey, bpmnProcessId, startElementId} of the latest versions listening for a start event. */
    private static List<String[]> startSubscriptions(Batch b, String kind, String name, String tenant) throws SQLException {
        List<String[]> out = new ArrayList<>();
        try (PreparedStatement ps = b.connection.prepareStatement("SELECT process_definition_key, bpmn_process_id, "
                + "start_element_id FROM engine.start_subscription WHERE kind = ? AND name = ? AND tenant_id = ? "
                + "ORDER BY process_definition_key")) {
            ps.setString(1, kind);
            ps.setString(2, name);
            ps.setString(3, tenant);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new String[] {String.valueOf(rs.getLong(1)), rs.getString(2), rs.getString(3)});
                }
            }
        }
        return out;
    }

    private static void markCorrelated(Batch b, long messageKey, String bpmnProcessId) throws SQLException {
        try (PreparedStatement ps = b.connection.prepareStatement("INSERT INTO engine.message_correlation "
                + "(message_key, bpmn_process_id) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
            ps.setLong(1, messageKey);
            ps.setString(2, bpmnProcessId);
            ps.executeUpdate();
        }
    }

    // ---- signals ----

    Object broadcast(Batch b, String name, Map<String, Object> variables) throws SQLException {
        if (name == null || name.isBlank()) {
            return EngineRejection.invalidArgument("Expected a signal name, but it was empty");
        }
        long key = b.newKey();
        b.append(new Event.SignalBroadcasted(key, name, variables));
        List<long[]> subs = new ArrayList<>();
        List<String> targets = new ArrayList<>();
        try (PreparedStatement ps = b.connection.prepareStatement("SELECT key, process_instance_key, "
                + "element_instance_key, target_element_id FROM engine.signal_subscription WHERE signal_name = ? "
                + "ORDER BY process_instance_key, key")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    subs.add(new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)});
                    targets.add(rs.getString(4));
                }
            }
        }
        for (int i = 0; i < subs.size(); i++) {
            long[] s = subs.get(i);
            InstanceRuntime inst = b.instance(s[1]);
            ElementInstance owner = inst == null ? null : inst.element(s[2]);
            if (owner == null || !owner.signalSubscriptions.contains(s[0])) {
                continue; // the owner ended earlier in this broadcast (e.g. an interrupting event)
            }
            behavior.trigger(run(b, inst), owner, targets.get(i), variables);
        }
        for (String[] start : startSubscriptions(b, "SIGNAL", name, dev.weft.engine.api.Engine.DEFAULT_TENANT)) {
            instances.createAt(b, Long.parseLong(start[0]), start[2], variables);
        }
        return key;
    }

    // ---- timers ----

    Object triggerTimer(Batch b, long key) throws SQLException {
        Rows.Timer timer;
        try (PreparedStatement ps = b.connection.prepareStatement("SELECT key, process_instance_key, element_instance_key, "
                + "process_definition_key, target_element_id, due_date, repetitions, cycle, tenant_id FROM engine.timer "
                + "WHERE key = ? FOR UPDATE")) {
            ps.setLong(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null; // fired or cancelled meanwhile (maybe by another engine)
                }
                timer = new Rows.Timer(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getString(5),
                        rs.getLong(6), rs.getInt(7), rs.getString(8), rs.getString(9));
            }
        }
        if (timer.dueDate() > b.now) {
            return null;
        }
        Timers.Due next = Timers.next(new Timers.Due(timer.dueDate(), timer.repetitions(), timer.cycle()), b.now);
        if (timer.processInstanceKey() <= 0) {
            b.append(new Event.TimerEvent(Event.TimerIntent.TRIGGERED, key, timer));
            if (next != null) {
                long nextKey = b.newKey();
                b.append(new Event.TimerEvent(Event.TimerIntent.CREATED, nextKey, new Rows.Timer(nextKey, -1, -1,
                        timer.processDefinitionKey(), timer.targetElementId(), next.dueDate(), next.repetitions(),
                        next.interval(), timer.tenantId())));
            }
            instances.createAt(b, timer.processDefinitionKey(), timer.targetElementId(), Map.of());
            return null;
        }
        InstanceRuntime inst = b.instance(timer.processInstanceKey());
        ElementInstance owner = inst == null ? null : inst.element(timer.elementInstanceKey());
        if (owner == null) {
            return null;
        }
        Run run = run(b, inst);
        b.append(new Event.TimerEvent(Event.TimerIntent.TRIGGERED, key, timer));
        var target = run.element(timer.targetElementId());
        boolean interrupting = target.kind() == dev.weft.engine.model.ElementKind.EVENT_SUB_PROCESS
                ? target.eventSubProcessStart().interrupting() : target.interrupting();
        if (next != null && !interrupting) {
            long nextKey = b.newKey();
            b.append(new Event.TimerEvent(Event.TimerIntent.CREATED, nextKey, new Rows.Timer(nextKey, inst.key,
                    owner.key, inst.processDefinitionKey, timer.targetElementId(), next.dueDate(), next.repetitions(),
                    next.interval(), inst.tenantId)));
        }
        behavior.trigger(run, owner, timer.targetElementId(), Map.of());
        return null;
    }
}
