package dev.weft.designer.flow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.designer.bpmn.BpmnGenerator;
import dev.weft.designer.bpmn.BpmnImportException;
import dev.weft.designer.bpmn.BpmnImporter;
import dev.weft.designer.bpmn.ImportResult;
import dev.weft.designer.graph.FlowGraph;
import dev.weft.designer.graph.GraphEdge;
import dev.weft.designer.graph.GraphNode;
import dev.weft.designer.graph.Position;
import dev.weft.designer.validation.GraphValidator;
import dev.weft.designer.validation.Issue;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Flows, their draft and their versions. Drafts are written with optimistic concurrency on a content hash,
 * so two people editing one flow never overwrite each other silently.
 */
public class FlowService {

    private static final Pattern PROCESS_ID = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]{0,99}");
    private static final SecureRandom RANDOM = new SecureRandom();
    static final int MAX_PAGE_SIZE = 200;

    private final FlowStore store;
    private final TransactionTemplate tx;
    private final ObjectMapper json;
    private final GraphValidator validator;
    private final BpmnGenerator generator;
    private final BpmnImporter importer;
    private final FlowDeployer deployer;
    private final Clock clock;

    public FlowService(JdbcClient jdbc, TransactionTemplate tx, ObjectMapper json, GraphValidator validator,
                       BpmnGenerator generator, BpmnImporter importer, FlowDeployer deployer, Clock clock) {
        this.store = new FlowStore(jdbc);
        this.tx = tx;
        this.json = json;
        this.validator = validator;
        this.generator = generator;
        this.importer = importer;
        this.deployer = deployer;
        this.clock = clock;
    }

    private OffsetDateTime now() {
        // PostgreSQL keeps microseconds; truncating here keeps what we return equal to what we read back.
        return OffsetDateTime.now(clock).truncatedTo(ChronoUnit.MICROS);
    }

    public FlowSummary create(FlowRequests.Create req, String actor) {
        if (req == null || req.name() == null || req.name().isBlank()) {
            throw new DesignerException.BadRequest("name", "A flow needs a name.");
        }
        String processId = req.processId();
        if (processId != null && !PROCESS_ID.matcher(processId).matches()) {
            throw new DesignerException.BadRequest("processId", "processId must start with a letter or _ and contain only "
                    + "letters, digits, _, . and - (at most 100 characters).");
        }
        FlowGraph graph = req.graph() != null ? req.graph() : starter(req.name());
        return create(req.name().trim(), req.description(), processId, graph, actor, "created", Map.of());
    }

    private FlowSummary create(String name, String description, String processIdOrNull, FlowGraph graph, String actor,
                               String action, Map<String, Object> detail) {
        UUID id = UUID.randomUUID();
        String processId = processIdOrNull != null ? processIdOrNull : "flow_" + HexFormat.of().formatHex(randomBytes());
        FlowGraph named = graph.name() == null ? new FlowGraph(graph.formatVersion(), name, graph.nodes(), graph.edges()) : graph;
        return tx.execute(s -> {
            if (store.processIdTaken(processId)) {
                throw new DesignerException.Conflict("processId", "Process id '" + processId + "' is used by another flow.");
            }
            OffsetDateTime now = now();
            store.insertFlow(id, processId, name, description, actor, now);
            store.insertDraft(id, write(named), GraphHash.of(json, named), actor, now);
            store.history(id, actor, action, write(detail), now);
            return store.flow(id, false).orElseThrow();
        });
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[5];
        RANDOM.nextBytes(b);
        return b;
    }

    /** A new flow starts with a start node wired to an end node. */
    private static FlowGraph starter(String name) {
        return new FlowGraph(FlowGraph.FORMAT_VERSION, name,
                List.of(new GraphNode("start", "start", "Start", new Position(100, 100), null, null),
                        new GraphNode("end", "end", "End", new Position(300, 100), null, null)),
                List.of(new GraphEdge("start_to_end", "start", "end", null, null, null, null)));
    }

    public FlowPage list(String q, int page, int size) {
        if (page < 0) {
            throw new DesignerException.BadRequest("page", "page counts from 0; got " + page + ".");
        }
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw new DesignerException.BadRequest("size", "size must be between 1 and " + MAX_PAGE_SIZE + "; got " + size + ".");
        }
        return store.list(q == null || q.isBlank() ? null : q.trim(), page, size);
    }

    public FlowSummary get(UUID id) {
        return store.flow(id, false).orElseThrow(() -> notFound(id));
    }

    public FlowSummary update(UUID id, FlowRequests.Update req, String actor) {
        if (req == null || (req.name() == null && req.description() == null)) {
            throw new DesignerException.BadRequest("name", "Give a new name or description.");
        }
        if (req.name() != null && req.name().isBlank()) {
            throw new DesignerException.BadRequest("name", "A flow's name cannot be empty.");
        }
        return tx.execute(s -> {
            FlowSummary before = store.flow(id, true).orElseThrow(() -> notFound(id));
            OffsetDateTime now = now();
            store.updateFlow(id, req.name() == null ? null : req.name().trim(), req.description(), now);
            store.history(id, actor, "renamed", write(Map.of("from", before.name(), "to", req.name() == null ? before.name() : req.name().trim())), now);
            return store.flow(id, false).orElseThrow();
        });
    }

    public void delete(UUID id, String actor) {
        tx.executeWithoutResult(s -> {
            store.flow(id, true).orElseThrow(() -> notFound(id));
            OffsetDateTime now = now();
            store.softDelete(id, now);
            store.history(id, actor, "deleted", null, now);
        });
    }

    public Draft draft(UUID id) {
        get(id);
        return toDraft(id, store.draft(id));
    }

    public Draft saveDraft(UUID id, String ifMatch, FlowGraph graph, String actor) {
        if (ifMatch == null || ifMatch.isBlank()) {
            throw new DesignerException.PreconditionRequired("Saving a draft needs If-Match with the ETag you read, so concurrent "
                    + "edits are detected. GET the draft to learn it.");
        }
        if (graph == null) {
            throw new DesignerException.BadRequest("graph", "The request body must be a graph.");
        }
        String expected = GraphHash.fromHeader(ifMatch);
        String etag = GraphHash.of(json, graph);
        return tx.execute(s -> {
            get(id);
            OffsetDateTime now = now();
            if (!store.updateDraft(id, expected, write(graph), etag, actor, now)) {
                throw new DesignerException.StaleDraft(toDraft(id, store.draft(id)));
            }
            store.touch(id, now);
            store.history(id, actor, "draft_saved", write(Map.of("etag", etag)), now);
            return toDraft(id, store.draft(id));
        });
    }

    public List<Issue> validate(FlowGraph graph) {
        if (graph == null) {
            throw new DesignerException.BadRequest("graph", "The request body must be a graph.");
        }
        return validator.validate(graph);
    }

    public VersionSummary publish(UUID id, FlowRequests.Publish req, String ifMatch, String actor) {
        if (req == null || req.name() == null || req.name().isBlank()) {
            throw new DesignerException.BadRequest("name", "A published version needs a name.");
        }
        return tx.execute(s -> {
            FlowSummary flow = store.flow(id, true).orElseThrow(() -> notFound(id));
            FlowStore.DraftRow row = store.draft(id);
            if (ifMatch != null && !GraphHash.fromHeader(ifMatch).equals(row.etag())) {
                throw new DesignerException.StaleDraft(toDraft(id, row));
            }
            FlowGraph graph = read(row.graph());
            List<Issue> errors = validator.validate(graph).stream().filter(Issue::isError).toList();
            if (!errors.isEmpty()) {
                throw new DesignerException.InvalidGraph("The draft has " + errors.size() + " error(s); fix them before publishing.", errors);
            }
            String bpmn = generator.generateXml(graph, flow.processId());
            int number = store.nextVersion(id);
            FlowDeployer.Deployment d = deployer.deploy(flow.processId() + ".bpmn", bpmn);
            VersionSummary v = new VersionSummary(number, req.name().trim(), req.comment(), actor, now(),
                    d == null ? null : d.deploymentKey(), d == null ? null : d.processDefinitionKey());
            store.insertVersion(id, v, row.graph(), bpmn);
            store.touch(id, v.createdAt());
            store.history(id, actor, "published", write(Map.of("version", number, "name", v.name())), v.createdAt());
            return v;
        });
    }

    public List<VersionSummary> versions(UUID id) {
        get(id);
        return store.versions(id);
    }

    public VersionDetail version(UUID id, int number) {
        FlowSummary flow = get(id);
        FlowStore.VersionRow row = store.version(id, number).orElseThrow(() -> versionNotFound(id, number));
        return new VersionDetail(row.summary(), flow.processId(), read(row.graph()));
    }

    public String versionBpmn(UUID id, int number) {
        get(id);
        return store.version(id, number).orElseThrow(() -> versionNotFound(id, number)).bpmn();
    }

    /** {@code from} and {@code to} are version numbers or {@code draft}. */
    public GraphDiff diff(UUID id, String from, String to) {
        get(id);
        return GraphDiff.between(json, from, side(id, from, "from"), to, side(id, to, "to"));
    }

    private FlowGraph side(UUID id, String label, String field) {
        if (label == null || label.isBlank()) {
            throw new DesignerException.BadRequest(field, field + " must be a version number or 'draft'.");
        }
        if (label.equals("draft")) {
            return read(store.draft(id).graph());
        }
        try {
            int n = Integer.parseInt(label);
            return read(store.version(id, n).orElseThrow(() -> versionNotFound(id, n)).graph());
        } catch (NumberFormatException e) {
            throw new DesignerException.BadRequest(field, field + " must be a version number or 'draft'; got '" + label + "'.");
        }
    }

    public Draft restore(UUID id, int number, String ifMatch, String actor) {
        if (ifMatch == null || ifMatch.isBlank()) {
            throw new DesignerException.PreconditionRequired("Restoring replaces the draft: send If-Match with the draft's ETag.");
        }
        FlowStore.VersionRow v = store.version(id, number).orElseThrow(() -> versionNotFound(id, number));
        FlowGraph graph = read(v.graph());
        Draft d = saveDraft(id, ifMatch, graph, actor);
        tx.executeWithoutResult(s -> store.history(id, actor, "restored", write(Map.of("version", number)), now()));
        return d;
    }

    public List<HistoryEntry> history(UUID id) {
        get(id);
        return store.history(id).stream().map(r -> new HistoryEntry((Long) r[0], (OffsetDateTime) r[1], (String) r[2], (String) r[3],
                r[4] == null ? null : readTree((String) r[4]))).toList();
    }

    public ImportedFlow importGraph(FlowGraph graph, String name, String actor) {
        if (graph == null) {
            throw new DesignerException.BadRequest("graph", "The request body must be a graph.");
        }
        String flowName = name != null && !name.isBlank() ? name.trim() : graph.name();
        if (flowName == null || flowName.isBlank()) {
            throw new DesignerException.BadRequest("name", "Give the flow a name (query parameter 'name' or the graph's name).");
        }
        FlowSummary f = create(flowName, null, null, graph, actor, "imported", Map.of("format", "graph"));
        return new ImportedFlow(f, draft(f.id()), List.of());
    }

    public ImportedFlow importBpmn(String xml, String name, String actor) {
        ImportResult r;
        try {
            r = importer.importXml(xml);
        } catch (BpmnImportException e) {
            throw new DesignerException.InvalidGraph(e.getMessage(), List.of(Issue.error("BPMN_UNREADABLE", null, null, null, e.getMessage())));
        }
        String flowName = name != null && !name.isBlank() ? name.trim() : r.graph().name();
        String processId = store.processIdTaken(r.processId()) ? null : r.processId();
        FlowSummary f = create(flowName, null, processId, r.graph(), actor, "imported", Map.of("format", "bpmn", "processId", r.processId()));
        return new ImportedFlow(f, draft(f.id()), r.issues());
    }

    public FlowGraph exportGraph(UUID id) {
        return draft(id).graph();
    }

    public String exportBpmn(UUID id) {
        FlowSummary flow = get(id);
        FlowGraph graph = read(store.draft(id).graph());
        List<Issue> errors = validator.validate(graph).stream().filter(Issue::isError).toList();
        if (!errors.isEmpty()) {
            throw new DesignerException.InvalidGraph("The draft has " + errors.size() + " error(s); BPMN can only be made from a valid graph.", errors);
        }
        return generator.generateXml(graph, flow.processId());
    }

    private Draft toDraft(UUID id, FlowStore.DraftRow row) {
        FlowGraph g = read(row.graph());
        return new Draft(id, row.etag(), g, validator.validate(g), row.updatedBy(), row.updatedAt());
    }

    private static DesignerException.NotFound notFound(UUID id) {
        return new DesignerException.NotFound("No flow with id " + id + ".");
    }

    private static DesignerException.NotFound versionNotFound(UUID id, int n) {
        return new DesignerException.NotFound("Flow " + id + " has no version " + n + ".");
    }

    private String write(Object o) {
        try {
            return o == null ? null : json.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private FlowGraph read(String text) {
        try {
            return json.readValue(text, FlowGraph.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored graph is unreadable", e);
        }
    }

    private com.fasterxml.jackson.databind.JsonNode readTree(String text) {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
