package dev.weft.bench.workers;

import dev.weft.bench.BenchDatabase;

import com.sun.net.httpserver.HttpServer;
import dev.weft.migrations.WeftMigrations;
import dev.weft.workers.job.StepInput;
import dev.weft.workers.job.StepJobHandler;
import dev.weft.workers.job.StepOutcome;
import dev.weft.workers.llm.provider.ChatRequest;
import dev.weft.workers.llm.registry.ModelSpec;
import dev.weft.workers.llm.registry.ProviderKind;
import dev.weft.workers.llm.registry.ProviderSpec;
import dev.weft.workers.llm.registry.RouteSpec;
import dev.weft.workers.llm.routing.LlmCall;
import dev.weft.workers.llm.secret.CredentialResolver;
import dev.weft.workers.llm.step.LlmStep;
import dev.weft.workers.runtime.WeftAi;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import com.zaxxer.hikari.HikariDataSource;

/**
 * Worker overhead per LLM call: the same completion from the same local OpenAI-compatible HTTP server, called
 * (1) directly with java.net.http (the baseline), (2) through {@code LlmGateway} (route, health admission and
 * signals, usage ledger) and (3) as a whole {@code weft.llm} step (templates, output mapping), in one run.
 * Prints p50/p99 and the time added at p99 against the baseline (issue 4 target: < 2 ms), the machine's load
 * average, and checks that the batched usage ledger holds every call once {@code WeftAi} is closed.
 *
 * <p>Run against the local services: {@code java -cp ... dev.weft.bench.workers.WorkerOverheadBenchmark [calls]}.
 * It creates and drops its own database and reaches it through HikariCP, as the hub does.
 */
public final class WorkerOverheadBenchmark {

    private static final String ANSWER = "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":0,\"model\":\"m\","
            + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"pong\"},\"finish_reason\":\"stop\"}],"
            + "\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":1,\"total_tokens\":6}}";

    private WorkerOverheadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/v1/chat/completions", ex -> {
            ex.getRequestBody().readAllBytes();
            byte[] body = ANSWER.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        try (BenchDatabase db = BenchDatabase.create("workers")) {
            run(db.url(), db.user(), db.password(), calls,
                    URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1"));
        } finally {
            server.stop(0);
        }
    }

    private static void run(String url, String user, String password, int calls, URI base) throws Exception {
        HikariDataSource ds = dataSource(url, user, password);
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE EXTENSION IF NOT EXISTS vector");
        }
        WeftMigrations.migrate(ds);
        try (ds; WeftAi ai = new WeftAi(new WeftAi.Config(ds, null, new CredentialResolver(Map.<String, String>of()::get, () -> null),
                null, null, null))) {
            ai.registry().putProvider(ProviderSpec.of("local", ProviderKind.OPENAI, base, null));
            ai.registry().putModel(ModelSpec.chat("local/m", "local", "m", 8000).withPrices("1", "1"));
            ai.registry().putRoute(RouteSpec.of("bench", List.of(new RouteSpec.Target("local/m", 1)), List.of()));
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpRequest direct = HttpRequest.newBuilder(URI.create(base + "/chat/completions"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"ping\"}]}"))
                    .build();
            LlmStep step = new LlmStep(ai.gateway(), null);
            StepInput input = StepInput.of(Map.of("model", "bench", "prompt", "{{q}}"), Map.of("q", "ping"));

            long[] d = new long[calls];
            long[] g = new long[calls];
            long[] s = new long[calls];
            for (int i = -200; i < calls; i++) { // 200 warm-up rounds
                long a = System.nanoTime();
                HttpResponse<String> r = http.send(direct, HttpResponse.BodyHandlers.ofString());
                long b = System.nanoTime();
                ai.gateway().call(LlmCall.of("bench", ChatRequest.of("bench", "ping")));
                long c = System.nanoTime();
                StepOutcome o = StepJobHandler.run(step, input);
                long e = System.nanoTime();
                if (r.statusCode() != 200 || !(o instanceof StepOutcome.Completed)) {
                    throw new IllegalStateException("benchmark call failed: " + r.statusCode() + " / " + o);
                }
                if (i >= 0) {
                    d[i] = b - a;
                    g[i] = c - b;
                    s[i] = e - c;
                }
            }
            Arrays.sort(d);
            Arrays.sort(g);
            Arrays.sort(s);
            System.out.printf("%d calls to a local OpenAI-compatible server%n", calls);
            print("direct HTTP (baseline)", d, d);
            print("LlmGateway (route)", g, d);
            print("weft.llm step", s, d);
            double added = (pct(s, 0.99) - pct(d, 0.99)) / 1e6;
            System.out.printf("  added by the worker at p99: %.2f ms (target < 2 ms: %s)%n", added, added < 2 ? "met" : "NOT met");
            System.out.printf("  load average during the run: %s%n", loadAverage());
        }
        // The ledger is written in batches off the call path; after the orderly close every call must be in it.
        long expected = 2L * (calls + 200);
        try (HikariDataSource check = dataSource(url, user, password); Connection c = check.getConnection();
             Statement st = c.createStatement();
             java.sql.ResultSet rs = st.executeQuery("SELECT count(*) FROM llm.usage_ledger WHERE outcome = 'ok'")) {
            rs.next();
            long rows = rs.getLong(1);
            System.out.printf("  usage ledger rows after close: %d of %d calls%s%n", rows, expected,
                    rows == expected ? "" : " (ROWS MISSING)");
        }
    }

    private static HikariDataSource dataSource(String url, String user, String password) {
        HikariDataSource ds = new HikariDataSource();
        ds.setJdbcUrl(url);
        ds.setUsername(user);
        ds.setPassword(password);
        ds.setMaximumPoolSize(4);
        return ds;
    }

    private static String loadAverage() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException | UnsupportedOperationException e) {
            return "unknown";
        }
    }

    private static void print(String label, long[] sorted, long[] baseline) {
        System.out.printf("  %-24s p50 %6.2f ms  p99 %6.2f ms  (p99 %+.2f ms vs baseline)%n", label,
                pct(sorted, 0.5) / 1e6, pct(sorted, 0.99) / 1e6, (pct(sorted, 0.99) - pct(baseline, 0.99)) / 1e6);
    }

    private static long pct(long[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * p) - 1)];
    }
}
