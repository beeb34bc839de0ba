package dev.weft.bench.engine;

import com.zaxxer.hikari.HikariConfig;
import dev.weft.bench.BenchDatabase;
import com.zaxxer.hikari.HikariDataSource;
import dev.weft.engine.api.Engine;
import dev.weft.engine.api.EngineConfig;
import dev.weft.engine.api.Engines;
import dev.weft.engine.gateway.grpc.GatewayServer;
import dev.weft.engine.gateway.grpc.GatewayServerOptions;
import dev.weft.engine.gateway.grpc.WeftGatewayService;
import dev.weft.migrations.WeftMigrations;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.worker.JobWorker;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Engine throughput and job activation latency, with workers over gRPC through the official Camunda client, durable
 * commits on (PostgreSQL's defaults).
 *
 * <p>The anchor, measured in the same run on the same database: a loop of single-row INSERT + COMMIT transactions
 * from as many connections as the benchmark keeps instances in flight — the rate of durable commits this machine's
 * PostgreSQL gives a naive client. Every workload is reported as instances/s and as a ratio to that anchor.
 *
 * <p>Workloads: (1) one service task; (2) an AI-shaped flow of 6 steps: select -> exclusive gateway -> parallel
 * (two "llm" tasks) -> multi-instance of 3 "retrieve" tasks -> aggregate; (3) job activation latency from instance
 * creation to the worker receiving the job, pushed (job streams) and polled.
 *
 * <p>Usage: {@code ./weft bench engine [instances] [inFlight]} (defaults 2000 and 64). It creates and drops its own
 * database.
 */
public final class EngineBenchmark {

    private EngineBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int instances = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int inFlight = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        try (BenchDatabase db = BenchDatabase.create("engine")) {
            HikariConfig hc = new HikariConfig();
            hc.setJdbcUrl(db.url());
            hc.setUsername(db.user());
            hc.setPassword(db.password());
            hc.setMaximumPoolSize(Math.max(16, inFlight / 4));
            try (HikariDataSource ds = new HikariDataSource(hc)) {
                WeftMigrations.migrate(ds);
                System.out.printf("Engine benchmark: %d instances per workload, %d in flight, %d cores%n",
                        instances, inFlight, Runtime.getRuntime().availableProcessors());
                double anchor = commitAnchor(ds, instances * 2, Math.min(inFlight, 16));
                System.out.printf("anchor   durable single-row commits: %8.0f /s%n", anchor);
                run(ds, instances, inFlight, anchor);
            }
        }
    }

    private static void run(HikariDataSource ds, int instances, int inFlight, double anchor) throws Exception {
        Engine engine = Engines.start(EngineConfig.builder(ds).build());
        GatewayServer[] self = new GatewayServer[1];
        self[0] = new GatewayServer(new GatewayServerOptions("127.0.0.1", 0, 4 * 1024 * 1024, Duration.ofSeconds(30),
                Duration.ofSeconds(5)), new WeftGatewayService(engine, () -> "127.0.0.1", () -> self[0].port()));
        GatewayServer gateway = self[0].start();
        CamundaClient client = CamundaClient.newClientBuilder()
                .grpcAddress(URI.create("http://127.0.0.1:" + gateway.port()))
                .restAddress(URI.create("http://127.0.0.1:1"))
                .preferRestOverGrpc(false)
                .defaultRequestTimeout(Duration.ofSeconds(60))
                .build();
        try {
            client.newDeployResourceCommand()
                    .addResourceStringUtf8(Flows.ONE_TASK, "one-task.bpmn")
                    .addResourceStringUtf8(Flows.AI_SHAPED, "ai-shaped.bpmn")
                    .send().join();
            try (JobWorker w = completing(client, "bench.task", true)) {
                throughput(client, "one-task", instances / 4, inFlight); // warm-up: JIT, caches, pool
                double rate = throughput(client, "one-task", instances, inFlight);
                System.out.printf("one-task flow (1 service task):    %8.0f instances/s   ratio to anchor %.2f%n", rate, rate / anchor);
            }
            try (JobWorker a = completing(client, "bench.select", true);
                 JobWorker b = completing(client, "bench.llm", true);
                 JobWorker c = completing(client, "bench.retrieve", true);
                 JobWorker d = completing(client, "bench.aggregate", true)) {
                throughput(client, "ai-shaped", instances / 8, inFlight);
                double rate = throughput(client, "ai-shaped", instances / 2, inFlight);
                System.out.printf("ai-shaped flow (6 steps, 7 jobs):  %8.0f instances/s   ratio to anchor %.2f%n", rate, rate / anchor);
            }
            for (boolean push : new boolean[] {true, false}) {
                String label = push ? "push" : "poll";
                try {
                    latency(client, label, push, Math.min(500, instances));
                } catch (IllegalStateException e) {
                    // Reported, not hidden: the other measurements of the run stay valid.
                    System.out.printf("activation latency (%s): FAILED — %s%n", label, e.getMessage());
                }
            }
        } finally {
            CompletableFuture.runAsync(client::close).get(15, TimeUnit.SECONDS);
            gateway.close();
            engine.close();
        }
    }

    private static JobWorker completing(CamundaClient client, String type, boolean stream) {
        return client.newWorker().jobType(type)
                .handler((jobClient, job) -> jobClient.newCompleteCommand(job.getKey()).send())
                .maxJobsActive(256)
                .streamEnabled(stream)
                .timeout(Duration.ofMinutes(1))
                .open();
    }

    /** Completed instances per second: each instance is created with its result awaited, {@code inFlight} at a time. */
    private static double throughput(CamundaClient client, String processId, int count, int inFlight) throws Exception {
        Semaphore window = new Semaphore(inFlight);
        CountDownLatch done = new CountDownLatch(count);
        AtomicInteger failed = new AtomicInteger();
        java.util.concurrent.atomic.AtomicReference<Throwable> firstFailure = new java.util.concurrent.atomic.AtomicReference<>();
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            window.acquire();
            client.newCreateInstanceCommand().bpmnProcessId(processId).latestVersion()
                    .variables(Map.of("items", List.of(1, 2, 3), "route", "fast"))
                    .withResult().requestTimeout(Duration.ofSeconds(60)).send()
                    .whenComplete((r, e) -> {
                        if (e != null) {
                            failed.incrementAndGet();
                            firstFailure.compareAndSet(null, e);
                        }
                        window.release();
                        done.countDown();
                    });
        }
        if (!done.await(10, TimeUnit.MINUTES)) {
            throw new IllegalStateException(processId + ": instances did not complete within 10 minutes");
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (failed.get() > 0) {
            System.out.printf("  (%s: %d of %d instances failed; first: %s)%n", processId, failed.get(), count,
                    firstFailure.get().getMessage());
        }
        return (count - failed.get()) / seconds;
    }

    /** Time from sending CreateProcessInstance to the worker's handler receiving the job, one instance at a time. */
    private static void latency(CamundaClient client, String label, boolean stream, int samples) throws Exception {
        ConcurrentLinkedQueue<Long> received = new ConcurrentLinkedQueue<>();
        Semaphore got = new Semaphore(0);
        try (JobWorker w = client.newWorker().jobType("bench.task")
                .handler((jobClient, job) -> {
                    received.add(System.nanoTime());
                    got.release();
                    jobClient.newCompleteCommand(job.getKey()).send();
                })
                .streamEnabled(stream)
                .pollInterval(Duration.ofMillis(100))
                .requestTimeout(Duration.ofSeconds(10))
                .open()) {
            Thread.sleep(500); // let the stream or the first long poll open
            long[] micros = new long[samples];
            for (int i = 0; i < samples; i++) {
                long sent = System.nanoTime();
                client.newCreateInstanceCommand().bpmnProcessId("one-task").latestVersion().send().join();
                if (!got.tryAcquire(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException(label + ": no job activated within 30 s");
                }
                micros[i] = (received.poll() - sent) / 1_000;
            }
            Arrays.sort(micros);
            System.out.printf("activation latency (%s): p50 %6.2f ms   p99 %6.2f ms   (%d samples)%n", label,
                    micros[samples / 2] / 1000.0, micros[(int) (samples * 0.99)] / 1000.0, samples);
        }
    }

    /** The anchor: single-row INSERT + COMMIT from {@code threads} connections, durable commits. */
    private static double commitAnchor(HikariDataSource ds, int total, int threads) throws Exception {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE bench_anchor (id bigserial PRIMARY KEY, payload text)");
        }
        AtomicInteger next = new AtomicInteger();
        List<Thread> workers = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            Thread th = Thread.ofPlatform().start(() -> {
                try (Connection c = ds.getConnection();
                     PreparedStatement ps = c.prepareStatement("INSERT INTO bench_anchor (payload) VALUES (?)")) {
                    c.setAutoCommit(true);
                    while (next.getAndIncrement() < total) {
                        ps.setString(1, "instance");
                        ps.executeUpdate();
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            workers.add(th);
        }
        for (Thread th : workers) {
            th.join();
        }
        return total / ((System.nanoTime() - start) / 1e9);
    }
}
