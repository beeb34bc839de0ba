package dev.weft.bench.designer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.weft.bench.BenchDatabase;
import dev.weft.designer.bpmn.BpmnGenerator;
import dev.weft.designer.catalog.NodeCatalog;
import dev.weft.designer.graph.ErrorPolicy;
import dev.weft.designer.graph.FlowGraph;
import dev.weft.designer.graph.GraphEdge;
import dev.weft.designer.graph.GraphNode;
import dev.weft.designer.validation.FeelChecker;
import dev.weft.designer.validation.GraphValidator;
import dev.weft.designer.validation.Issue;
import dev.weft.engine.api.Engine;
import dev.weft.engine.api.EngineConfig;
import dev.weft.engine.api.Engines;
import dev.weft.engine.gateway.grpc.GatewayServer;
import dev.weft.engine.gateway.grpc.GatewayServerOptions;
import dev.weft.engine.gateway.grpc.WeftGatewayService;
import dev.weft.migrations.WeftMigrations;
import io.camunda.client.CamundaClient;
import io.camunda.zeebe.model.bpmn.Bpmn;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Publish of a 200-node flow: validate, generate BPMN with DI (auto-layout), and, when {@code WEFT_ENGINE_REST} names
 * an engine's REST address, deploy there through the Camunda client; otherwise to an embedded engine on a fresh database
 * through its gRPC gateway, the way the hub publishes. Prints the median per step and the ratio to a
 * 20-node flow measured in the same run (the baseline), so results compare across machines.
 *
 * <p>Run: {@code ./mvnw -q -pl bench -am package -DskipTests && java -cp "bench/target/classes:$(cat cp)"
 * dev.weft.bench.designer.PublishBenchmark}.
 */
public final class PublishBenchmark {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private PublishBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        ObjectMapper json = new ObjectMapper();
        NodeCatalog catalog = NodeCatalog.load(json);
        GraphValidator validator = new GraphValidator(catalog, new FeelChecker());
        BpmnGenerator generator = new BpmnGenerator(catalog, json);
        String remote = System.getenv("WEFT_ENGINE_REST");
        if (remote != null) {
            try (CamundaClient client = CamundaClient.newClientBuilder().restAddress(URI.create(remote))
                    .preferRestOverGrpc(true).defaultRequestTimeout(Duration.ofSeconds(30)).build()) {
                run(validator, generator, client, "the engine at " + remote);
            }
            return;
        }
        // The hub's own path: an embedded engine on a fresh database, deployed to through its gRPC gateway.
        try (BenchDatabase db = BenchDatabase.create("publish")) {
            HikariConfig hc = new HikariConfig();
            hc.setJdbcUrl(db.url());
            hc.setUsername(db.user());
            hc.setPassword(db.password());
            hc.setMaximumPoolSize(8);
            try (HikariDataSource ds = new HikariDataSource(hc)) {
                WeftMigrations.migrate(ds);
                Engine engine = Engines.start(EngineConfig.builder(ds).build());
                GatewayServer[] self = new GatewayServer[1];
                self[0] = new GatewayServer(new GatewayServerOptions("127.0.0.1", 0, 16 * 1024 * 1024, Duration.ofSeconds(30),
                        Duration.ofSeconds(5)), new WeftGatewayService(engine, () -> "127.0.0.1", () -> self[0].port()));
                GatewayServer gateway = self[0].start();
                try (CamundaClient client = CamundaClient.newClientBuilder()
                        .grpcAddress(URI.create("http://127.0.0.1:" + gateway.port()))
                        .restAddress(URI.create("http://127.0.0.1:1")).preferRestOverGrpc(false)
                        .defaultRequestTimeout(Duration.ofSeconds(60)).build()) {
                    run(validator, generator, client, "an embedded engine (gRPC, like the hub)");
                } finally {
                    gateway.close();
                    engine.close();
                }
            }
        }
    }

    private static void run(GraphValidator validator, BpmnGenerator generator, CamundaClient client, String where) {
        FlowGraph small = flow(20);
        FlowGraph large = flow(200);
        List<Issue> errors = validator.validate(large).stream().filter(Issue::isError).toList();
        if (!errors.isEmpty()) {
            throw new IllegalStateException("The benchmark flow is invalid: " + errors);
        }
        long[] base = measure(small, validator, generator, client, "bench_small");
        long[] big = measure(large, validator, generator, client, "bench_large");
        System.out.printf("publish of a %d-node flow (median of %d runs), deployed to %s%n", large.nodes().size(), RUNS, where);
        print("validate", base[0], big[0]);
        print("generate BPMN+DI", base[1], big[1]);
        print("deploy", base[2], big[2]);
        print("total", base[0] + base[1] + base[2], big[0] + big[1] + big[2]);
        print("(deploy indented)", base[3], big[3]);
        System.out.printf("target: total under 500 ms -> %s%n", big[0] + big[1] + big[2] < 500_000_000L ? "met" : "NOT met");
    }

    static final int RUNS = 21;

    private static void print(String step, long baseNanos, long nanos) {
        System.out.printf("  %-18s %8.2f ms   (20 nodes: %6.2f ms, ratio %.1fx)%n", step, nanos / 1e6, baseNanos / 1e6,
                baseNanos == 0 ? 0.0 : (double) nanos / baseNanos);
    }

    private static long[] measure(FlowGraph g, GraphValidator validator, BpmnGenerator generator, CamundaClient client, String pid) {
        long[][] samples = new long[4][RUNS];
        for (int warm = 0; warm < 5; warm++) {
            validator.validate(g);
            generator.generateXml(g, pid);
        }
        for (int i = 0; i < RUNS; i++) {
            long t0 = System.nanoTime();
            validator.validate(g);
            long t1 = System.nanoTime();
            String xml = generator.generateXml(g, pid);
            long t2 = System.nanoTime();
            if (client != null) {
                client.newDeployResourceCommand().addResourceStringUtf8(xml, pid + ".bpmn").send().join();
            }
            long t3 = System.nanoTime();
            // The same model pretty-printed (what the generator wrote before), deployed under the same load.
            String indented = Bpmn.convertToString(generator.generate(g, pid + "_indented"));
            long t4 = System.nanoTime();
            if (client != null) {
                client.newDeployResourceCommand().addResourceStringUtf8(indented, pid + "_indented.bpmn").send().join();
            }
            samples[3][i] = System.nanoTime() - t4;
            samples[0][i] = t1 - t0;
            samples[1][i] = t2 - t1;
            samples[2][i] = t3 - t2;
        }
        long[] medians = new long[4];
        for (int s = 0; s < 4; s++) {
            Arrays.sort(samples[s]);
            medians[s] = samples[s][RUNS / 2];
        }
        return medians;
    }

    /** A start node, then blocks of retrieve -> llm (with a fallback policy) -> branch -> two scripts, then an end node. */
    static FlowGraph flow(int size) {
        List<GraphNode> nodes = new ArrayList<>();
        List<GraphEdge> edges = new ArrayList<>();
        ObjectNode form = F.objectNode();
        form.putArray("form").addObject().put("key", "question").put("type", "string");
        nodes.add(new GraphNode("start", "start", "Start", null, form, null));
        String last = "start";
        int block = 0;
        while (nodes.size() + 6 <= size) {
            String r = "r" + block, l = "l" + block, b = "b" + block, s1 = "s" + block + "a", s2 = "s" + block + "b", j = "j" + block;
            ObjectNode rs = F.objectNode().put("collection", "docs");
            rs.putObject("input.query").putArray("selector").add("start").add("question");
            nodes.add(new GraphNode(r, "retrieve", "Retrieve " + block, null, rs, null));
            ObjectNode ls = F.objectNode().put("model", "chat").put("prompt", "Answer {{question}}");
            nodes.add(new GraphNode(l, "llm", "Answer " + block, null, ls,
                    new ErrorPolicy(2, "PT1S", "PT60S", ErrorPolicy.OnError.FALLBACK, null, "extractive")));
            nodes.add(new GraphNode(b, "branch", "Check " + block, null, null, null));
            nodes.add(new GraphNode(s1, "script", "Yes " + block, null, F.objectNode().put("expression", "=" + l + ".answer.text"), null));
            nodes.add(new GraphNode(s2, "script", "No " + block, null, F.objectNode().put("expression", "=\"none\""), null));
            nodes.add(new GraphNode(j, "branch", "Join " + block, null, null, null));
            edges.add(new GraphEdge(last + "_" + r, last, r, null, null, null, null));
            edges.add(new GraphEdge(r + "_" + l, r, l, null, null, null, null));
            edges.add(new GraphEdge(l + "_" + b, l, b, null, null, null, null));
            edges.add(new GraphEdge(b + "_" + s1, b, s1, "=" + l + ".answer.fallbackUsed = false", null, null, null));
            edges.add(new GraphEdge(b + "_" + s2, b, s2, null, true, null, null));
            edges.add(new GraphEdge(s1 + "_" + j, s1, j, null, null, null, null));
            edges.add(new GraphEdge(s2 + "_" + j, s2, j, null, null, null, null));
            last = j;
            block++;
        }
        while (nodes.size() < size - 1) {
            String s = "pad" + nodes.size();
            nodes.add(new GraphNode(s, "script", s, null, F.objectNode().put("expression", "=1"), null));
            edges.add(new GraphEdge(last + "_" + s, last, s, null, null, null, null));
            last = s;
        }
        nodes.add(new GraphNode("end", "end", "End", null, null, null));
        edges.add(new GraphEdge(last + "_end", last, "end", null, null, null, null));
        return new FlowGraph(FlowGraph.FORMAT_VERSION, "Benchmark " + size, nodes, edges);
    }
}
