package dev.weft.designer.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.designer.bpmn.BpmnGenerator;
import dev.weft.designer.catalog.NodeCatalog;
import dev.weft.designer.catalog.NodeKind;
import dev.weft.designer.catalog.NodeType;
import dev.weft.designer.flow.DesignerException;
import dev.weft.designer.flow.FlowDeployer;
import dev.weft.designer.flow.FlowService;
import dev.weft.designer.flow.FlowSummary;
import dev.weft.designer.graph.ErrorPolicy;
import dev.weft.designer.graph.FlowGraph;
import dev.weft.designer.graph.GraphEdge;
import dev.weft.designer.graph.GraphNode;
import dev.weft.designer.validation.GraphValidator;
import dev.weft.designer.validation.Issue;
import io.camunda.client.CamundaClient;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Test runs of drafts and re-runs of single nodes. A draft runs as its own process ({@code <processId>__test}, a
 * node re-run as {@code <processId>__rerun}), so a test never replaces a published version; what happens is read
 * back from the engine's record log ({@link RunRecords}) and streamed as Server-Sent Events.
 */
public class TestRunService {

    private static final Logger LOG = Logger.getLogger(TestRunService.class.getName());
    /** Node kinds that can run alone: they do work. Gateways, events, start and end do not. */
    private static final Set<NodeKind> RERUNNABLE = Set.of(NodeKind.JOB, NodeKind.CUSTOM_JOB, NodeKind.SCRIPT,
            NodeKind.HUMAN_REVIEW, NodeKind.SUB_FLOW, NodeKind.MAP);
    private static final String RERUN_START = "__rerun_start";
    private static final String RERUN_END = "__rerun_end";
    private static final int BATCH = 1000;
    private static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

    /** Timing of event streams. */
    public record Options(Duration pollInterval, Duration streamTimeout, Duration commandTimeout) {
    }

    private final JdbcClient jdbc;
    private final ObjectMapper json;
    private final FlowService flows;
    private final NodeCatalog catalog;
    private final GraphValidator validator;
    private final BpmnGenerator generator;
    private final FlowDeployer deployer;
    private final ObjectProvider<CamundaClient> client;
    private final RunRecords records;
    private final String unavailableReason;
    private final NodeUsage usage;
    private final TokenRelay tokens;
    private final Clock clock;
    private final Options options;

    /**
     * @param records           the record log to follow, or null when this server has no embedded engine
     * @param unavailableReason what a 501 says when {@code records} is null
     */
    public TestRunService(JdbcClient jdbc, ObjectMapper json, FlowService flows, NodeCatalog catalog,
                          GraphValidator validator, BpmnGenerator generator, FlowDeployer deployer,
                          ObjectProvider<CamundaClient> client, RunRecords records, String unavailableReason,
                          NodeUsage usage, TokenRelay tokens, Clock clock, Options options) {
        this.jdbc = jdbc;
        this.json = json;
        this.flows = flows;
        this.catalog = catalog;
        this.validator = validator;
        this.generator = generator;
        this.deployer = deployer;
        this.client = client;
        this.records = records;
        this.unavailableReason = unavailableReason;
        this.usage = usage;
        this.tokens = tokens;
        this.clock = clock;
        this.options = options;
    }

    /** A stored run: which instance, which graph, fed with what. */
    private record Row(UUID id, UUID flowId, String kind, UUID sourceRunId, String nodeId, String processId,
                       long processInstanceKey, FlowGraph graph, ObjectNode inputs, String startedBy,
                       OffsetDateTime startedAt) {
    }

    // ---- starting -----------------------------------------------------------------------------------------

    /** Deploys the draft as the flow's test process and starts it with {@code inputs}. */
    public TestRunView start(UUID flowId, TestRunRequests.Start request, String actor) {
        CamundaClient c = available();
        FlowSummary flow = flows.get(flowId);
        FlowGraph graph = flows.draft(flowId).graph();
        ObjectNode inputs = request == null || request.inputs() == null ? json.createObjectNode() : request.inputs();
        List<Issue> errors = validator.validate(graph).stream().filter(Issue::isError).toList();
        if (!errors.isEmpty()) {
            throw new DesignerException.InvalidGraph("The draft has " + errors.size()
                    + " error(s); fix them before a test run.", errors);
        }
        String processId = flow.processId() + "__test";
        String bpmn = generator.generateXml(graph, processId);
        return launch(c, flowId, "run", null, null, processId, bpmn, graph, inputs, actor);
    }

    /**
     * Runs one node again, alone, fed with what its upstream nodes produced in an earlier run. The node comes from
     * the current draft (so an edit shows at once), with {@code settings} replacing its settings when given.
     */
    public TestRunView rerun(UUID flowId, UUID runId, String nodeId, TestRunRequests.Rerun request, String actor) {
        CamundaClient c = available();
        FlowSummary flow = flows.get(flowId);
        Row source = row(flowId, runId);
        if (source.kind().equals("rerun")) {
            source = row(flowId, source.sourceRunId()); // upstream outputs live in the run the re-run came from
        }
        FlowGraph draft = flows.draft(flowId).graph();
        GraphNode node = draft.node(nodeId).orElseThrow(() -> new DesignerException.NotFound(
                "The draft of flow " + flowId + " has no node '" + nodeId + "'."));
        if (request != null && request.settings() != null) {
            GraphNode edited = new GraphNode(node.id(), node.type(), node.name(), node.position(), request.settings(),
                    node.errorPolicy());
            node = edited;
            List<GraphNode> nodes = new ArrayList<>(draft.nodes());
            nodes.replaceAll(n -> n.id().equals(nodeId) ? edited : n);
            draft = new FlowGraph(draft.formatVersion(), draft.name(), nodes, draft.edges());
        }
        NodeKind kind = catalog.find(node.type()).map(NodeType::kind).orElse(null);
        if (kind == null || !RERUNNABLE.contains(kind)) {
            throw new DesignerException.BadRequest("nodeId", "Node '" + nodeId + "' is a " + node.type()
                    + " node; only nodes that do work (tasks, scripts, reviews, sub-flows, maps) can be re-run alone.");
        }
        List<Issue> errors = validator.validate(draft).stream()
                .filter(i -> i.isError() && nodeId.equals(i.nodeId())).toList();
        if (!errors.isEmpty()) {
            throw new DesignerException.InvalidGraph("Node '" + nodeId + "' has " + errors.size()
                    + " error(s); fix them before re-running it.", errors);
        }
        RunProjection past = replay(source);
        ObjectNode variables = past.variablesWhenActivated(nodeId);
        if (variables == null) {
            // The node did not run (its run failed or took another branch): what its upstream nodes left is enough
            // when every node feeding it finished.
            Map<String, ObjectNode> finished = past.finishedNodes();
            for (GraphEdge in : draft.incoming(nodeId)) {
                if (!finished.containsKey(in.source()) && source.graph().node(in.source()).isPresent()) {
                    throw new DesignerException.Conflict("nodeId", "Node '" + nodeId + "' needs the output of '"
                            + in.source() + "', which did not finish in test run " + source.id() + "; test-run the flow again.");
                }
            }
            variables = past.rootVariables();
        }
        FlowGraph alone = alone(draft, node);
        String processId = flow.processId() + "__rerun";
        String bpmn = generator.generateXml(alone, processId, draft);
        return launch(c, flowId, "rerun", source.id(), nodeId, processId, bpmn, alone, variables, actor);
    }

    /** The node between a bare start and end; an error branch leads nowhere here, so a failure just stops. */
    private static FlowGraph alone(FlowGraph draft, GraphNode node) {
        ErrorPolicy p = node.errorPolicy();
        if (p != null && p.onErrorOrStop() == ErrorPolicy.OnError.BRANCH) {
            p = new ErrorPolicy(p.retries(), p.backoff(), p.timeout(), ErrorPolicy.OnError.STOP, null, null);
        }
        GraphNode copy = new GraphNode(node.id(), node.type(), node.name(), null, node.settings(), p);
        return new FlowGraph(FlowGraph.FORMAT_VERSION, "Re-run of " + node.id() + " (" + draft.name() + ")",
                List.of(new GraphNode(RERUN_START, "start", "Start", null, null, null), copy,
                        new GraphNode(RERUN_END, "end", "End", null, null, null)),
                List.of(new GraphEdge("__rerun_in", RERUN_START, node.id(), null, null, null, null),
                        new GraphEdge("__rerun_out", node.id(), RERUN_END, null, null, null, null)));
    }

    private TestRunView launch(CamundaClient c, UUID flowId, String kind, UUID sourceRunId, String nodeId,
                               String processId, String bpmn, FlowGraph graph, ObjectNode inputs, String actor) {
        FlowDeployer.Deployment d = deployer.deploy(processId + ".bpmn", bpmn);
        if (d == null) {
            throw new DesignerException.TestRunsUnavailable(unavailableReason);
        }
        long instance;
        try {
            instance = c.newCreateInstanceCommand().processDefinitionKey(d.processDefinitionKey())
                    .variables(json.convertValue(inputs, Map.class)).send()
                    .join(options.commandTimeout().toMillis(), TimeUnit.MILLISECONDS).getProcessInstanceKey();
        } catch (RuntimeException e) {
            throw new DesignerException.DeployFailed("The engine did not start the test run of " + processId + ": "
                    + e.getMessage());
        }
        UUID id = UUID.randomUUID();
        OffsetDateTime now = OffsetDateTime.now(clock).truncatedTo(ChronoUnit.MICROS);
        jdbc.sql("""
                        INSERT INTO designer.test_run (id, flow_id, kind, source_run_id, node_id, process_id,
                            process_instance_key, graph, inputs, started_by, started_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?)""")
                .params(id, flowId, kind, sourceRunId, nodeId, processId, instance, write(graph), write(inputs), actor, now)
                .update();
        return view(new Row(id, flowId, kind, sourceRunId, nodeId, processId, instance, graph, inputs, actor, now),
                new RunProjection(json, id.toString(), instance, graph, this::kindOf, inputs, usage));
    }

    // ---- reading ------------------------------------------------------------------------------------------

    /** The whole run as it stands: every finished node, the ones still running, and the end when it came. */
    public TestRunView get(UUID flowId, UUID runId) {
        available();
        Row row = row(flowId, runId);
        return view(row, replay(row));
    }

    public List<TestRunView> list(UUID flowId) {
        flows.get(flowId);
        return jdbc.sql("SELECT id FROM designer.test_run WHERE flow_id = ? ORDER BY started_at DESC LIMIT 50")
                .param(flowId).query(UUID.class).list().stream().map(id -> {
                    Row row = row(flowId, id);
                    return records == null ? view(row, null) : view(row, replay(row));
                }).toList();
    }

    /**
     * Streams the run's events: everything after {@code lastEventId} (everything when null) at once, then live
     * until run_finished, with node_token events relayed while the stream is open.
     */
    public SseEmitter stream(UUID flowId, UUID runId, String lastEventId) {
        available();
        Row row = row(flowId, runId);
        long[] resume = parseEventId(lastEventId);
        SseEmitter emitter = new SseEmitter(options.streamTimeout().toMillis());
        EventStream s = new EventStream(row, emitter, resume);
        emitter.onCompletion(s::stop);
        emitter.onTimeout(s::stop);
        emitter.onError(e -> s.stop());
        Thread.ofVirtual().name("weft-designer-run-" + runId).start(s::run);
        return emitter;
    }

    private static long[] parseEventId(String id) {
        if (id == null || id.isBlank()) {
            return null;
        }
        String[] parts = id.trim().split("-");
        try {
            if (parts.length != 2) {
                throw new NumberFormatException();
            }
            return new long[] {Long.parseLong(parts[0]), Long.parseLong(parts[1])};
        } catch (NumberFormatException e) {
            throw new DesignerException.BadRequest("Last-Event-ID", "Last-Event-ID must be an event id of this stream "
                    + "(<position>-<n>, e.g. 1234-0); got '" + id + "'.");
        }
    }

    /** One open SSE stream: replays, then polls the record log until the run finishes or the client leaves. */
    private final class EventStream {
        private final Row row;
        private final SseEmitter emitter;
        private final long[] resume;
        private final RunProjection projection;
        private volatile boolean stopped;
        private volatile long lastSent = System.nanoTime();
        private TokenRelay.Subscription subscription;

        EventStream(Row row, SseEmitter emitter, long[] resume) {
            this.row = row;
            this.emitter = emitter;
            this.resume = resume;
            this.projection = new RunProjection(json, row.id().toString(), row.processInstanceKey(), row.graph(),
                    TestRunService.this::kindOf, row.inputs(), usage);
        }

        void stop() {
            stopped = true;
            TokenRelay.Subscription sub = subscription;
            if (sub != null) {
                sub.close();
            }
        }

        void run() {
            try {
                boolean first = true;
                while (!stopped) {
                    List<RunRecords.RunRecord> batch = records.after(row.processInstanceKey(), projection.position(), BATCH);
                    for (RunEvent e : projection.apply(batch)) {
                        if (!seen(e)) {
                            send(e);
                        }
                    }
                    if (projection.finished()) {
                        cancelIfStuck(row, projection);
                        emitter.complete();
                        return;
                    }
                    if (first && batch.size() < BATCH) {
                        first = false;
                        subscription = tokens.subscribe(row.processInstanceKey(), this::token);
                        if (stopped) {
                            subscription.close();
                        }
                    }
                    if (batch.size() < BATCH) {
                        if (System.nanoTime() - lastSent > KEEP_ALIVE.toNanos()) {
                            // A comment line: keeps proxies from closing an idle stream, and a client that left is
                            // noticed here (the write fails) instead of at the stream's timeout.
                            emitter.send(SseEmitter.event().comment("keep-alive"));
                            lastSent = System.nanoTime();
                        }
                        Thread.sleep(options.pollInterval().toMillis());
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException | IllegalStateException gone) {
                LOG.log(Level.FINE, "Test-run stream " + row.id() + " ended: " + gone.getMessage());
            } finally {
                stop();
                try {
                    emitter.complete(); // the client reconnects with Last-Event-ID if it still listens
                } catch (RuntimeException alreadyDone) {
                    // completed or failed before
                }
            }
        }

        private boolean seen(RunEvent e) {
            if (resume == null) {
                return false;
            }
            long[] id = parseEventId(e.id());
            return id[0] < resume[0] || (id[0] == resume[0] && id[1] <= resume[1]);
        }

        private void send(RunEvent e) throws IOException {
            SseEmitter.SseEventBuilder b = SseEmitter.event().name(e.name()).data(e.data(),
                    org.springframework.http.MediaType.APPLICATION_JSON);
            if (e.id() != null) {
                b.id(e.id());
            }
            emitter.send(b);
            lastSent = System.nanoTime();
        }

        private void token(String message) {
            if (stopped) {
                return;
            }
            try {
                JsonNode m = json.readTree(message);
                String elementId = m.path("elementId").asText();
                int sep = elementId.indexOf("__");
                ObjectNode data = json.createObjectNode();
                data.put("event", RunEvent.NODE_TOKEN);
                data.put("runId", row.id().toString());
                data.put("nodeId", sep < 0 ? elementId : elementId.substring(0, sep));
                data.put("elementId", elementId);
                data.put("elementInstanceKey", m.path("elementInstanceKey").asLong());
                data.put("jobKey", m.path("jobKey").asLong());
                data.put("seq", m.path("seq").asLong());
                data.put("delta", m.path("delta").asText());
                send(new RunEvent(null, RunEvent.NODE_TOKEN, data));
            } catch (IOException | IllegalStateException e) {
                LOG.log(Level.FINE, "Token of test run " + row.id() + " not relayed: " + e.getMessage());
            }
        }
    }

    private RunProjection replay(Row row) {
        RunProjection p = new RunProjection(json, row.id().toString(), row.processInstanceKey(), row.graph(),
                this::kindOf, row.inputs(), usage);
        List<RunRecords.RunRecord> batch;
        do {
            batch = records.after(row.processInstanceKey(), p.position(), BATCH);
            p.apply(batch);
        } while (batch.size() == BATCH);
        cancelIfStuck(row, p);
        return p;
    }

    /** A test run ends at its first incident; the instance would wait for an operator, so it is cancelled. */
    private void cancelIfStuck(Row row, RunProjection p) {
        if (!p.endedByIncident()) {
            return;
        }
        CamundaClient c = client.getIfAvailable();
        if (c == null) {
            return;
        }
        try {
            c.newCancelInstanceCommand(row.processInstanceKey()).send()
                    .join(options.commandTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (RuntimeException alreadyGone) {
            LOG.log(Level.FINE, "Test run " + row.id() + " was not cancelled: " + alreadyGone.getMessage());
        }
    }

    private TestRunView view(Row row, RunProjection p) {
        String base = "/api/designer/flows/" + row.flowId() + "/test-runs/" + row.id();
        if (p == null) {
            return new TestRunView(row.id(), row.flowId(), row.kind(), row.sourceRunId(), row.nodeId(),
                    row.processInstanceKey(), "unknown", row.startedBy(), row.startedAt(), row.inputs(), List.of(),
                    List.of(), null, base + "/events");
        }
        return new TestRunView(row.id(), row.flowId(), row.kind(), row.sourceRunId(), row.nodeId(),
                row.processInstanceKey(), p.status(), row.startedBy(), row.startedAt(), row.inputs(),
                List.copyOf(p.finishedNodes().values()), p.runningNodes(), p.runFinishedEvent(), base + "/events");
    }

    private Row row(UUID flowId, UUID runId) {
        flows.get(flowId);
        return jdbc.sql("""
                        SELECT id, flow_id, kind, source_run_id, node_id, process_id, process_instance_key, graph::text,
                               inputs::text, started_by, started_at
                        FROM designer.test_run WHERE id = ? AND flow_id = ?""")
                .params(runId, flowId)
                .query((rs, n) -> new Row(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3),
                        rs.getObject(4, UUID.class), rs.getString(5), rs.getString(6), rs.getLong(7),
                        read(rs.getString(8), FlowGraph.class), read(rs.getString(9), ObjectNode.class),
                        rs.getString(10), rs.getObject(11, OffsetDateTime.class)))
                .optional()
                .orElseThrow(() -> new DesignerException.NotFound("Flow " + flowId + " has no test run " + runId + "."));
    }

    private NodeKind kindOf(GraphNode n) {
        return catalog.find(n.type()).map(NodeType::kind).orElse(null);
    }

    private CamundaClient available() {
        CamundaClient c = client.getIfAvailable();
        if (records == null || c == null) {
            throw new DesignerException.TestRunsUnavailable(unavailableReason);
        }
        return c;
    }

    private String write(Object o) {
        try {
            return json.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private <T> T read(String text, Class<T> type) {
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A stored test run is unreadable", e);
        }
    }
}
