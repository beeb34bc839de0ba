package dev.weft.engine.gateway.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.engine.gateway.grpc.Clients;
import dev.weft.engine.standalone.EngineApplication;
import dev.weft.testsupport.TestDatabases;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.worker.JobWorker;
import io.camunda.zeebe.model.bpmn.Bpmn;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Crash safety for real: the standalone engine runs as a child JVM on a test database, camunda-client-java drives
 * load over gRPC (instances created, two service tasks each, workers recording every completion the engine
 * acknowledged), the engine is killed with SIGKILL in the middle of it, and a new engine process on the same
 * database finishes the work. Afterwards every instance has completed exactly once, every acknowledged creation and
 * job completion is in the record log, and no job key was completed twice.
 */
class CrashSafetyTest {

    private static final String PROCESS = "crash-safety";
    private static final int INSTANCES = 200;
    private static final Duration PATIENCE = Duration.ofSeconds(45);

    private final TestDatabases.FreshDatabase db = TestDatabases.create("engine_crash");
    /** Instance keys whose creation the engine acknowledged. */
    private final Set<Long> createdAcks = ConcurrentHashMap.newKeySet();
    /** Job keys whose completion the engine acknowledged. */
    private final Set<Long> completedAcks = ConcurrentHashMap.newKeySet();
    private final AtomicReference<CamundaClient> client = new AtomicReference<>();

    @Test
    void killedMidLoadTheEngineLosesNothingAcknowledgedAndAppliesNoJobCompletionTwice() throws Exception {
        Process first = startEngine(1);
        List<JobWorker> workers = new ArrayList<>();
        Process second = null;
        AtomicBoolean stop = new AtomicBoolean();
        Thread creator = null;
        try {
            int firstPort = awaitReady(first, 1);
            client.set(Clients.grpc(firstPort));
            log("first engine ready");
            client.get().newDeployResourceCommand().addProcessModel(Bpmn.createExecutableProcess(PROCESS).startEvent()
                    .serviceTask("first", t -> t.zeebeJobType("crash-first"))
                    .serviceTask("second", t -> t.zeebeJobType("crash-second"))
                    .endEvent().done(), PROCESS + ".bpmn").send().join();
            openWorkers(workers);

            creator = Thread.ofVirtual().start(() -> createInstances(stop));
            long killAt = System.nanoTime() + PATIENCE.toNanos();
            while (createdAcks.size() < INSTANCES / 2 || completedAcks.size() < INSTANCES / 4) {
                assertThat(System.nanoTime() - killAt).as("load reached the kill point").isNegative();
                Thread.sleep(10);
            }
            log("kill point: %d creations, %d job completions acknowledged", createdAcks.size(), completedAcks.size());
            first.destroyForcibly(); // SIGKILL: no shutdown hook, no flush, connections cut
            assertThat(first.waitFor(15, TimeUnit.SECONDS)).as("the killed engine exited").isTrue();
            int completionsBeforeKill = completedAcks.size();

            closeWorkers(workers);
            Clients.closeQuietly(client.getAndSet(null));
            log("first engine killed, its client closed");
            second = startEngine(2);
            client.set(Clients.grpc(awaitReady(second, 2)));
            openWorkers(workers);
            log("second engine ready");

            creator.join(PATIENCE.toMillis());
            assertThat(creator.isAlive()).as("all instances were created").isFalse();
            assertThat(createdAcks).hasSize(INSTANCES);
            assertThat(completionsBeforeKill).as("the kill hit the engine with work outstanding").isLessThan(2 * INSTANCES);

            awaitAllCompleted();
            log("all instances completed; %d job completions acknowledged", completedAcks.size());
            try (Connection c = connect()) {
                Map<Long, String> states = instanceStates(c);
                assertThat(states.keySet()).containsAll(createdAcks);
                assertThat(states.values()).allMatch("COMPLETED"::equals);
                assertThat(longs(c, "SELECT process_instance_key FROM engine.record WHERE record_type = 'EVENT' "
                        + "AND value_type = 'PROCESS_INSTANCE' AND intent = 'ELEMENT_COMPLETED' "
                        + "AND value::jsonb->>'bpmnElementType' = 'PROCESS' GROUP BY process_instance_key HAVING count(*) > 1"))
                        .as("instances completed more than once").isEmpty();
                assertThat(longs(c, "SELECT key FROM engine.record WHERE record_type = 'EVENT' AND value_type = 'JOB' "
                        + "AND intent = 'COMPLETED' GROUP BY key HAVING count(*) > 1"))
                        .as("jobs whose completion was applied twice").isEmpty();
                Set<Long> completedJobs = Set.copyOf(longs(c, "SELECT key FROM engine.record WHERE record_type = 'EVENT' "
                        + "AND value_type = 'JOB' AND intent = 'COMPLETED'"));
                assertThat(completedJobs).as("every acknowledged completion is in the record log").containsAll(completedAcks);
                assertThat(completedJobs).hasSize(2 * states.size());
            }
        } finally {
            stop.set(true);
            if (creator != null) {
                creator.join(5_000);
            }
            closeWorkers(workers);
            Clients.closeQuietly(client.getAndSet(null));
            first.destroyForcibly();
            if (second != null) {
                second.destroy();
                if (!second.waitFor(20, TimeUnit.SECONDS)) {
                    second.destroyForcibly();
                }
            }
        }
    }

    private static void log(String format, Object... args) {
        System.out.printf("[crash-safety %tT.%<tL] %s%n", System.currentTimeMillis(), String.format(format, args));
    }

    /** Creates INSTANCES instances, retrying each until the engine acknowledges it (across the crash). */
    private void createInstances(AtomicBoolean stop) {
        for (int i = 0; i < INSTANCES && !stop.get(); ) {
            CamundaClient c = client.get();
            if (c == null) {
                pause();
                continue;
            }
            try {
                long key = c.newCreateInstanceCommand().bpmnProcessId(PROCESS).latestVersion()
                        .variables(Map.of("n", i)).requestTimeout(Duration.ofSeconds(5)).send().join()
                        .getProcessInstanceKey();
                createdAcks.add(key);
                i++;
            } catch (RuntimeException unacknowledged) {
                // the engine is down or restarting; an unacknowledged create may or may not have happened
                pause();
            }
        }
    }

    private void openWorkers(List<JobWorker> workers) {
        for (String type : List.of("crash-first", "crash-second")) {
            workers.add(client.get().newWorker().jobType(type).handler((jobClient, job) -> {
                try {
                    jobClient.newCompleteCommand(job.getKey()).requestTimeout(Duration.ofSeconds(5)).send().join();
                    completedAcks.add(job.getKey());
                } catch (RuntimeException unacknowledged) {
                    // not acknowledged: the job times out and is handed out again; never fail it (that costs retries)
                }
            }).timeout(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(50)).maxJobsActive(32).open());
        }
    }

    private static void closeWorkers(List<JobWorker> workers) {
        workers.forEach(JobWorker::close);
        workers.clear();
    }

    private void awaitAllCompleted() throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (true) {
            try (Connection c = connect()) {
                Map<Long, String> states = instanceStates(c);
                if (states.size() >= INSTANCES && states.values().stream().allMatch("COMPLETED"::equals)) {
                    return;
                }
                if (System.nanoTime() - deadline > 0) {
                    long active = states.values().stream().filter("ACTIVE"::equals).count();
                    throw new AssertionError(active + " of " + states.size() + " instances did not complete; incidents: "
                            + longs(c, "SELECT key FROM engine.incident"));
                }
            }
            Thread.sleep(100);
        }
    }

    // ---- the engine process ----

    private Process startEngine(int run) throws IOException {
        int grpcPort = freePort();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = List.of(java, "-Xmx384m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), EngineApplication.class.getName(),
                "--spring.datasource.url=" + db.jdbcUrl(),
                "--spring.datasource.username=" + db.user(),
                "--spring.datasource.password=" + db.password(),
                "--server.port=0",
                "--weft.engine.grpc.port=" + grpcPort,
                "--weft.engine.grpc.host=127.0.0.1",
                "--camunda.client.enabled=false");
        File log = Path.of("target", "crash-safety-engine-" + run + ".log").toFile();
        Files.createDirectories(log.toPath().getParent());
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
        ports.put(p.pid(), grpcPort);
        return p;
    }

    private final Map<Long, Integer> ports = new ConcurrentHashMap<>();

    /** Waits until the engine answers a topology request; returns its gRPC port. */
    private int awaitReady(Process engine, int run) throws InterruptedException {
        int port = ports.get(engine.pid());
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        try (CamundaClient probe = Clients.grpc(port)) {
            while (true) {
                assertThat(engine.isAlive()).as("engine %d is running (see target/crash-safety-engine-%d.log)", run, run).isTrue();
                try {
                    probe.newTopologyRequest().requestTimeout(Duration.ofSeconds(2)).send().join();
                    return port;
                } catch (RuntimeException notYet) {
                    if (System.nanoTime() - deadline > 0) {
                        throw new AssertionError("engine " + run + " did not answer within " + PATIENCE, notYet);
                    }
                    Thread.sleep(100);
                }
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- the database ----

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
    }

    private static Map<Long, String> instanceStates(Connection c) throws SQLException {
        Map<Long, String> out = new ConcurrentHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT key, state FROM engine.process_instance WHERE bpmn_process_id = ?")) {
            ps.setString(1, PROCESS);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getLong(1), rs.getString(2));
                }
            }
        }
        return out;
    }

    private static List<Long> longs(Connection c, String sql) throws SQLException {
        List<Long> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getLong(1));
            }
        }
        return out;
    }
}
