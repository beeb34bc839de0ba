package dev.weft.bench.engine;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.weft.bench.BenchDatabase;
import dev.weft.bench.engine.flowable.FlowableBenchmark;
import dev.weft.bench.engine.flowable.FlowableFlows;
import dev.weft.bench.engine.flowable.FlowableHttpWorker;
import dev.weft.bench.engine.flowable.FlowableJobRestServer;
import dev.weft.engine.api.Engine;
import dev.weft.engine.api.EngineConfig;
import dev.weft.engine.api.Engines;
import dev.weft.engine.gateway.grpc.GatewayServer;
import dev.weft.engine.gateway.grpc.GatewayServerOptions;
import dev.weft.engine.gateway.grpc.WeftGatewayService;
import dev.weft.migrations.WeftMigrations;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.worker.JobWorker;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
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
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

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
 * <p>The comparison, in the same run: workloads (1) and (2) on Flowable 7.2 ({@link FlowableBenchmark}) on its own
 * database of the same PostgreSQL server, with remote workers that acquire and complete Flowable's external worker
 * jobs over its REST API. Same instance counts, same number in flight, same warm-up; both count an instance when its
 * completion is committed.
 *
 * <p>Usage: {@code ./weft bench engine [instances] [inFlight] [--no-flowable]} (defaults 2000 and 64). It creates and
 * drops its own databases.
 */
public final class EngineBenchmark {

    private EngineBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        boolean flowable = true;
        List<String> numbers = new ArrayList<>();
        for (String arg : args) {
            if (arg.equals("--no-flowable")) {
                flowable = false;
            } else if (arg.matches("\\d+")) {
                numbers.add(arg);
            } else {
                System.err.println("Usage: ./weft bench engine [instances] [inFlight] [--no-flowable]; unknown argument '"
                        + arg + "'");
                System.exit(2);
            }
        }
        int instances = numbers.size() > 0 ? Integer.parseInt(numbers.get(0)) : 2000;
        int inFlight = numbers.size() > 1 ? Integer.parseInt(numbers.get(1)) : 64;
        if (instances < 8 || inFlight < 1) {
            System.err.println("instances must be at least 8 and inFlight at least 1");
            System.exit(2);
        }
        String loadBefore = loadAverage();
        Results results = new Results();
        try (BenchDatabase db = BenchDatabase.create("engine");
             HikariDataSource ds = pool(db, Math.max(16, inFlight / 4))) {
            WeftMigrations.migrate(ds);
            System.out.printf("Engine benchmark: %d instances per one-task run, %d per 6-step run, %d in flight, "
                    + "%d cores, load average %s%n", instances, instances / 2, inFlight,
                    Runtime.getRuntime().availableProcessors(), loadBefore);
            results.anchor = commitAnchor(ds, instances * 2, Math.min(inFlight, 16));
            System.out.printf("anchor   durable single-row commits: %8.0f /s%n", results.anchor);
            run(ds, instances, inFlight, results);
        }
        if (flowable) {
            try (BenchDatabase db = BenchDatabase.create("flowable");
                 HikariDataSource ds = pool(db, FlowableBenchmark.POOL_SIZE)) {
                runFlowable(ds, instances, inFlight, results);
            }
        }
        results.print(instances, inFlight, loadBefore, loadAverage(), flowable);
    }

    private static HikariDataSource pool(BenchDatabase db, int connections) {
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(db.url());
        hc.setUsername(db.user());
        hc.setPassword(db.password());
        hc.setMaximumPoolSize(connections);
        return new HikariDataSource(hc);
    }

    private static void runFlowable(HikariDataSource ds, int instances, int inFlight, Results results)
            throws Exception {
        System.out.printf("Flowable 7.2: starting the engine (history level %s, async executor on) and its external "
                + "worker REST API%n", FlowableBenchmark.HISTORY_LEVEL_NAME);
        try (FlowableBenchmark flowable = FlowableBenchmark.start(ds)) {
            flowable.run("one-task", FlowableFlows.ONE_TASK_TOPICS, instances / 4, inFlight,
                    progress("flowable one-task warm-up", instances / 4));
            results.flowableOneTask = report("Flowable one-task flow (1 service task): ", results.anchor,
                    flowable.run("one-task", FlowableFlows.ONE_TASK_TOPICS, instances, inFlight,
                            progress("flowable one-task", instances)));
            flowable.run("ai-shaped", FlowableFlows.AI_SHAPED_TOPICS, instances / 8, inFlight,
                    progress("flowable ai-shaped warm-up", instances / 8));
            results.flowableAiShaped = report("Flowable ai-shaped flow (6 steps, 7 jobs):", results.anchor,
                    flowable.run("ai-shaped", FlowableFlows.AI_SHAPED_TOPICS, instances / 2, inFlight,
                            progress("flowable ai-shaped", instances / 2)));
        } catch (IllegalStateException e) {
            // Reported, not hidden: the Weft measurements of the run stay valid.
            System.out.printf("Flowable: FAILED — %s%n", e.getMessage());
        }
    }

    private static double report(String label, double anchor, FlowableBenchmark.Result r) {
        if (r.failures() > 0) {
            System.out.printf("  (%d failed requests; first: %s)%n", r.failures(), r.firstFailure());
        }
        System.out.printf("%s %8.0f instances/s   ratio to anchor %.2f%n", label, r.rate(), r.rate() / anchor);
        return r.rate();
    }

    private static void run(HikariDataSource ds, int instances, int inFlight, Results results) throws Exception {
        double anchor = results.anchor;
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
                throughput(client, "one-task", instances / 4, inFlight,
                        progress("weft one-task warm-up", instances / 4)); // warm-up: JIT, caches, pool
                double rate = throughput(client, "one-task", instances, inFlight,
                        progress("weft one-task", instances));
                results.weftOneTask = rate;
                System.out.printf("Weft one-task flow (1 service task):     %8.0f instances/s   ratio to anchor %.2f%n", rate, rate / anchor);
            }
            try (JobWorker a = completing(client, "bench.select", true);
                 JobWorker b = completing(client, "bench.llm", true);
                 JobWorker c = completing(client, "bench.retrieve", true);
                 JobWorker d = completing(client, "bench.aggregate", true)) {
                throughput(client, "ai-shaped", instances / 8, inFlight,
                        progress("weft ai-shaped warm-up", instances / 8));
                double rate = throughput(client, "ai-shaped", instances / 2, inFlight,
                        progress("weft ai-shaped", instances / 2));
                results.weftAiShaped = rate;
                System.out.printf("Weft ai-shaped flow (6 steps, 7 jobs):   %8.0f instances/s   ratio to anchor %.2f%n", rate, rate / anchor);
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
    private static double throughput(CamundaClient client, String processId, int count, int inFlight,
                                      IntConsumer progress) throws Exception {
        Semaphore window = new Semaphore(inFlight);
        CountDownLatch done = new CountDownLatch(count);
        AtomicInteger failed = new AtomicInteger();
        AtomicReference<Throwable> firstFailure = new AtomicReference<>();
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
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        while (!done.await(500, TimeUnit.MILLISECONDS)) {
            progress.accept((int) (count - done.getCount()));
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(processId + ": instances did not complete within 10 minutes");
            }
        }
        progress.accept(count);
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

    /**
     * Progress of one run: on a terminal a line rewritten in place; otherwise a line every 5 s. The line is finished
     * when all {@code count} instances are done.
     */
    private static IntConsumer progress(String label, int count) {
        boolean terminal = System.console() != null;
        long[] lastPrinted = {System.nanoTime()};
        boolean[] finished = {false};
        return done -> {
            if (finished[0]) {
                return;
            }
            long now = System.nanoTime();
            if (done >= count) {
                finished[0] = true;
                if (terminal) {
                    System.out.printf("\r  %-28s %6d/%d%n", label, done, count);
                }
            } else if (terminal) {
                System.out.printf("\r  %-28s %6d/%d", label, done, count);
            } else if (now - lastPrinted[0] > TimeUnit.SECONDS.toNanos(5)) {
                lastPrinted[0] = now;
                System.out.printf("  %-28s %6d/%d%n", label, done, count);
            }
            System.out.flush();
        };
    }

    /** {@code /proc/loadavg}'s three load averages, or "unknown" off Linux. */
    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /** What the run measured, printed as one table at the end. NaN: not measured (skipped or failed). */
    private static final class Results {
        double anchor = Double.NaN;
        double weftOneTask = Double.NaN;
        double weftAiShaped = Double.NaN;
        double flowableOneTask = Double.NaN;
        double flowableAiShaped = Double.NaN;

        void print(int instances, int inFlight, String loadBefore, String loadAfter, boolean flowable) {
            System.out.println();
            System.out.printf("Completed instances per second, %d in flight, durable commits (load average before %s, "
                    + "after %s, %d cores)%n", inFlight, loadBefore, loadAfter,
                    Runtime.getRuntime().availableProcessors());
            System.out.println("  workload                                   instances  per second   / anchor");
            row("anchor: durable single-row commits", instances * 2, anchor);
            System.out.printf("  (the anchor runs on Weft's database; Flowable's is on the same server)%n");
            row("Weft one-task", instances, weftOneTask);
            row("Weft 6-step (ai-shaped)", instances / 2, weftAiShaped);
            if (flowable) {
                row("Flowable 7.2 one-task", instances, flowableOneTask);
                row("Flowable 7.2 6-step (ai-shaped)", instances / 2, flowableAiShaped);
                System.out.printf("  Weft / Flowable: one-task %s, 6-step %s%n", ratio(weftOneTask, flowableOneTask),
                        ratio(weftAiShaped, flowableAiShaped));
                System.out.printf("  Flowable setup: history level %s (Flowable's default:"
                        + " process, activity and task history and the latest variable values); async executor on, 8"
                        + " threads (its default); exclusive jobs (its default); UUID ids (its advice under"
                        + " concurrency); job locks of %d s instead of its 1 h (some multi-instance completions die"
                        + " of optimistic locking and hold their instance's lock until it expires); %d pooled connections (Weft: %d; with 16 its REST requests timed out"
                        + " waiting for one). Workers are remote: they acquire and complete over Flowable's external"
                        + " worker REST API (HTTP, %d request threads), one acquiring thread per topic, up to %d jobs"
                        + " held, batches of up to %d. Instances are started through Flowable's Java API in the bench"
                        + " JVM by %d threads (Weft's through gRPC).%n",
                        FlowableBenchmark.HISTORY_LEVEL_NAME, FlowableBenchmark.JOB_LOCK_SECONDS,
                        FlowableBenchmark.POOL_SIZE, Math.max(16, inFlight / 4),
                        FlowableJobRestServer.REQUEST_THREADS, FlowableHttpWorker.MAX_JOBS_ACTIVE,
                        FlowableHttpWorker.BATCH, FlowableBenchmark.STARTERS);
            } else {
                System.out.println("  Flowable comparison skipped (--no-flowable).");
            }
        }

        private void row(String label, int count, double perSecond) {
            System.out.printf("  %-40s %9d  %10s   %8s%n", label, count,
                    Double.isNaN(perSecond) ? "n/a" : String.format("%.0f", perSecond),
                    Double.isNaN(perSecond) ? "n/a" : String.format("%.3f", perSecond / anchor));
        }

        private static String ratio(double weft, double flowable) {
            return Double.isNaN(weft) || Double.isNaN(flowable) ? "n/a" : String.format("%.1fx", weft / flowable);
        }
    }
}
