package dev.weft.engine.processing;

import dev.weft.engine.api.DeployCommand;
import dev.weft.engine.api.DeployedDecision;
import dev.weft.engine.api.DeployedForm;
import dev.weft.engine.api.DeployedProcess;
import dev.weft.engine.api.DeploymentResult;
import dev.weft.engine.api.EngineRejection;
import dev.weft.engine.api.Resource;
import dev.weft.engine.model.BpmnParser;
import dev.weft.engine.model.ExecutableProcess;
import dev.weft.engine.state.Json;
import java.io.ByteArrayInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Deploys BPMN processes, forms and DMN resources: validates all of them first (a deployment is all or nothing),
 * then versions each by its id. Re-deploying an unchanged resource keeps the latest version (Zeebe's duplicate
 * check). Versioning is serialised per id with a transaction-level advisory lock, so engines sharing the
 * database never hand out one version twice.
 */
final class DeploymentProcessor {

    private final BpmnParser parser;
    private final ProcessRepository repository;
    private final int maxResourceBytes;
    private final dev.weft.engine.feel.Feel feel;
    /** Validates DMN resources at deployment with the engine that will evaluate them. */
    private final dev.weft.engine.dmn.DecisionEngine decisions = new dev.weft.engine.dmn.DecisionEngine();

    DeploymentProcessor(dev.weft.engine.feel.Feel feel, BpmnParser parser, ProcessRepository repository, int maxResourceBytes) {
        this.feel = feel;
        this.parser = parser;
        this.repository = repository;
        this.maxResourceBytes = maxResourceBytes;
    }

    private record Parsed(Resource resource, String kind, String id, String name, ExecutableProcess process) {
    }

    Object deploy(Batch b, DeployCommand cmd) throws SQLException {
        if (cmd.resources().isEmpty()) {
            return EngineRejection.invalidArgument("Expected to deploy at least one resource, but none given");
        }
        List<String> errors = new ArrayList<>();
        List<Parsed> parsed = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (Resource r : cmd.resources()) {
            String lower = r.name().toLowerCase(Locale.ROOT);
            if (lower.endsWith(".bpmn") || lower.endsWith(".bpmn20.xml") || lower.endsWith(".xml")) {
                BpmnParser.Result result = parser.parse(r.name(), r.content());
                if (!result.ok()) {
                    errors.add(result.error());
                    continue;
                }
                for (ExecutableProcess p : result.processes()) {
                    String unsupported = SupportedElements.check(p);
                    if (unsupported != null) {
                        errors.add("'" + r.name() + "':" + unsupported);
                    } else if (!ids.add("PROCESS:" + p.bpmnProcessId())) {
                        errors.add("Duplicated process id in resources '" + p.bpmnProcessId() + "'");
                    } else {
                        parsed.add(new Parsed(r, "PROCESS", p.bpmnProcessId(), p.name(), p));
                    }
                }
            } else if (lower.endsWith(".form")) {
                String error = checkSize(r);
                Object id = null;
                if (error == null) {
                    try {
                        id = Json.readMap(new String(r.content(), java.nio.charset.StandardCharsets.UTF_8)).get("id");
                    } catch (RuntimeException e) {
                        error = "'" + r.name() + "' is not a valid form: not a JSON object";
                    }
                }
                if (error == null && !(id instanceof String s && !s.isBlank())) {
                    error = "'" + r.name() + "' is not a valid form: expected a string property 'id'";
                }
                if (error != null) {
                    errors.add(error);
                } else {
                    parsed.add(new Parsed(r, "FORM", (String) id, (String) id, null));
                }
            } else if (lower.endsWith(".dmn")) {
                String error = checkSize(r);
                String[] idName = error == null ? dmnIdentity(r) : null;
                if (error == null && idName[0] == null) {
                    error = "'" + r.name() + "' is not a valid DMN resource: " + idName[1];
                }
                dev.weft.engine.dmn.DecisionEngine.Parsed graph = error == null ? decisions.parse(r.content()) : null;
                if (graph != null && !graph.ok()) {
                    error = "'" + r.name() + "' is not a valid DMN resource: " + graph.error();
                }
                if (error == null) {
                    for (String decisionId : graph.decisionIds()) {
                        if (!ids.add("DECISION:" + decisionId)) {
                            error = "Duplicated decision id in resources '" + decisionId + "'";
                        }
                    }
                }
                if (error != null) {
                    errors.add(error);
                } else {
                    parsed.add(new Parsed(r, "DECISION", idName[0], idName[1], null));
                }
            } else {
                errors.add("Expected to deploy resources ending with .bpmn, .xml, .form or .dmn, but got '" + r.name() + "'");
            }
        }
        if (!errors.isEmpty()) {
            return EngineRejection.invalidArgument(
                    "Expected to deploy new resources, but encountered the following errors:\n" + String.join("\n", errors));
        }
        long deploymentKey = b.newKey();
        List<DeployedProcess> processes = new ArrayList<>();
        List<DeployedForm> forms = new ArrayList<>();
        List<DeployedDecision> decisions = new ArrayList<>();
        List<Event.ProcessValue> values = new ArrayList<>();
        for (Parsed p : parsed) {
            String checksum = checksum(p.resource().content());
            lockId(b, p.kind(), p.id(), cmd.tenantId());
            long[] latest = latest(b, p.kind(), p.id(), cmd.tenantId());
            long key;
            int version;
            if (latest != null && checksum.equals(latestChecksum(b, latest[0]))) {
                key = latest[0];
                version = (int) latest[1];
            } else {
                key = b.newKey();
                version = latest == null ? 1 : (int) latest[1] + 1;
                Event.ProcessValue v = new Event.ProcessValue(p.id(), version, key, p.resource().name(), checksum,
                        cmd.tenantId(), p.kind(), p.name());
                b.append(new Event.ResourceCreated(key, deploymentKey, v, p.resource().content()));
                values.add(v);
                if (p.process() != null) {
                    b.latestVersions.clear(); // a create later in this batch must see the new version
                    startTriggers(b, key, p.process(), cmd.tenantId());
                    ProcessRepository.Deployed d = new ProcessRepository.Deployed(key, p.id(), version,
                            p.resource().name(), cmd.tenantId(), p.process());
                    b.onCommit(() -> repository.put(d));
                }
            }
            switch (p.kind()) {
                case "PROCESS" -> processes.add(new DeployedProcess(p.id(), version, key, p.resource().name(), cmd.tenantId()));
                case "FORM" -> forms.add(new DeployedForm(p.id(), version, key, p.resource().name(), cmd.tenantId()));
                default -> decisions.add(new DeployedDecision(p.id(), p.name(), version, key, p.resource().name(), cmd.tenantId()));
            }
        }
        b.append(new Event.DeploymentCreated(deploymentKey, new Event.DeploymentValue(
                cmd.resources().stream().map(Resource::name).toList(), values, cmd.tenantId())));
        return new DeploymentResult(deploymentKey, cmd.tenantId(), processes, forms, decisions);
    }

    /** Message, signal and timer start events of the new latest version replace those of older versions. */
    private void startTriggers(Batch b, long definitionKey, ExecutableProcess process, String tenant) {
        List<Event.StartTrigger> triggers = new ArrayList<>();
        List<dev.weft.engine.state.Rows.Timer> timers = new ArrayList<>();
        for (var e : process.root().children()) {
            if (e.kind() != dev.weft.engine.model.ElementKind.START_EVENT) {
                continue;
            }
            switch (e.event()) {
                // start events have no instance yet: their expressions are evaluated without variables
                case dev.weft.engine.model.EventDefinition.Message m ->
                        triggers.add(new Event.StartTrigger("MESSAGE", feel.evaluateString(m.nameExpression(), Map.of()), e.id()));
                case dev.weft.engine.model.EventDefinition.Signal sig ->
                        triggers.add(new Event.StartTrigger("SIGNAL", feel.evaluateString(sig.name(), Map.of()), e.id()));
                case dev.weft.engine.model.EventDefinition.Timer t -> {
                    Timers.Due due = t.cycle() != null ? Timers.cycle(feel.evaluateString(t.cycle(), Map.of()), b.now)
                            : t.date() != null ? Timers.date(feel.evaluateString(t.date(), Map.of()))
                            : Timers.duration(feel.evaluateString(t.duration(), Map.of()), b.now);
                    long key = b.newKey();
                    timers.add(new dev.weft.engine.state.Rows.Timer(key, -1, -1, definitionKey, e.id(), due.dueDate(),
                            due.repetitions(), due.interval(), tenant));
                }
                default -> {
                }
            }
        }
        b.append(new Event.StartTriggersReplaced(definitionKey, process.bpmnProcessId(), tenant, triggers, timers));
    }

    Object delete(Batch b, long resourceKey) throws SQLException {
        try (PreparedStatement ps = b.connection.prepareStatement(
                "SELECT kind, resource_id, version, resource_name, checksum, tenant_id, name FROM engine.resource "
                        + "WHERE key = ? AND NOT deleted FOR UPDATE")) {
            ps.setLong(1, resourceKey);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return EngineRejection.notFound("Expected to delete resource but no resource found with key `"
                            + resourceKey + "`");
                }
                Event.ProcessValue v = new Event.ProcessValue(rs.getString(2), rs.getInt(3), resourceKey,
                        rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(1), rs.getString(7));
                b.append(new Event.ResourceDeleted(resourceKey, v));
                return null;
            }
        }
    }

    private String checkSize(Resource r) {
        if (r.content().length > maxResourceBytes) {
            return "'" + r.name() + "' is " + r.content().length + " bytes, more than the limit of " + maxResourceBytes + " bytes";
        }
        return null;
    }

    /** Reads the id and name of a DMN {@code definitions} element with a DTD-refusing parser. */
    private static String[] dmnIdentity(Resource r) {
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        try {
            XMLStreamReader x = f.createXMLStreamReader(new ByteArrayInputStream(r.content()));
            while (x.hasNext()) {
                int ev = x.next();
                if (ev == XMLStreamConstants.DTD) {
                    return new String[] {null, "must not contain a DOCTYPE declaration"};
                }
                if (ev == XMLStreamConstants.START_ELEMENT) {
                    if (!"definitions".equals(x.getLocalName())) {
                        return new String[] {null, "the root element must be 'definitions'"};
                    }
                    String id = x.getAttributeValue(null, "id");
                    if (id == null || id.isBlank()) {
                        return new String[] {null, "'definitions' must have an id"};
                    }
                    return new String[] {id, x.getAttributeValue(null, "name")};
                }
            }
            return new String[] {null, "no root element"};
        } catch (XMLStreamException e) {
            return new String[] {null, "not well-formed XML: " + e.getMessage()};
        }
    }

    private static void lockId(Batch b, String kind, String id, String tenant) throws SQLException {
        try (PreparedStatement ps = b.connection.prepareStatement("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))")) {
            ps.setString(1, "engine.resource|" + kind + "|" + tenant + "|" + id);
            ps.execute();
        }
    }

    /** {key, version} of the latest version (deleted ones included, so versions never repeat), or null. */
    private static long[] latest(Batch b, String kind, String id, String tenant) throws SQLException {
        try (PreparedStatement ps = b.connection.prepareStatement(
                "SELECT key, version, deleted FROM engine.resource WHERE kind = ? AND tenant_id = ? AND resource_id = ? "
                        + "ORDER BY version DESC LIMIT 1")) {
            ps.setString(1, kind);
            ps.setString(2, tenant);
            ps.setString(3, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                return new long[] {rs.getBoolean(3) ? -1 : rs.getLong(1), rs.getInt(2)};
            }
        }
    }

    private static String latestChecksum(Batch b, long key) throws SQLException {
        if (key < 0) {
            return null;
        }
        try (PreparedStatement ps = b.connection.prepareStatement("SELECT checksum FROM engine.resource WHERE key = ?")) {
            ps.setLong(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    static String checksum(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
