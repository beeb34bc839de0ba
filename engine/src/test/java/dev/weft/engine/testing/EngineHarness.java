package dev.weft.engine.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.engine.api.ActivateJobsCommand;
import dev.weft.engine.api.ActivatedJob;
import dev.weft.engine.api.CreateInstanceCommand;
import dev.weft.engine.api.DeployCommand;
import dev.weft.engine.api.DeploymentResult;
import dev.weft.engine.api.Engine;
import dev.weft.engine.api.EngineConfig;
import dev.weft.engine.api.EngineRejectedException;
import dev.weft.engine.api.Engines;
import dev.weft.engine.api.RejectionType;
import dev.weft.engine.api.Resource;
import dev.weft.migrations.WeftMigrations;
import dev.weft.testsupport.TestDatabases;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;

/**
 * A real engine on a fresh PostgreSQL database, with a small given/when/then vocabulary over the {@link Engine}
 * API and assertions on the record log and state tables. One per test class; tests use their own process ids.
 */
public final class EngineHarness implements AutoCloseable {

    public final DataSource dataSource;
    public final Engine engine;

    private EngineHarness(DataSource dataSource, Engine engine) {
        this.dataSource = dataSource;
        this.engine = engine;
    }

    public static EngineHarness start(String label) {
        return start(label, b -> { });
    }

    public static EngineHarness start(String label, java.util.function.Consumer<EngineConfig.Builder> tweak) {
        DataSource ds = TestDatabases.create(label).dataSource();
        WeftMigrations.migrate(ds);
        EngineConfig.Builder b = EngineConfig.builder(ds).schedulerInterval(Duration.ofMillis(50));
        tweak.accept(b);
        return new EngineHarness(ds, Engines.start(b.build()));
    }

    /** A second engine on the same database (for multi-node tests). */
    public Engine startAnother(int nodeId) {
        return Engines.start(EngineConfig.builder(dataSource).nodeId(nodeId).schedulerInterval(Duration.ofMillis(50)).build());
    }

    @Override
    public void close() {
        engine.close();
    }

    // ---- given / when ----

    public static <T> T await(CompletableFuture<T> f) {
        try {
            return f.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new CompletionException(e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new AssertionError("Engine did not answer within 30 s", e);
        }
    }

    public DeploymentResult deploy(BpmnModelInstance model) {
        String id = model.getModelElementsByType(io.camunda.zeebe.model.bpmn.instance.Process.class).iterator().next().getId();
        return deploy(id + ".bpmn", Bpmn.convertToString(model));
    }

    public DeploymentResult deploy(String name, String xml) {
        return await(engine.deploy(DeployCommand.of(new Resource(name, xml.getBytes(StandardCharsets.UTF_8)))));
    }

    public long create(String processId, Map<String, Object> variables) {
        return await(engine.createProcessInstance(CreateInstanceCommand.latest(processId, variables))).processInstanceKey();
    }

    public long create(String processId) {
        return create(processId, Map.of());
    }

    public List<ActivatedJob> activate(String type, int max) {
        return await(engine.activateJobs(new ActivateJobsCommand(type, "test-worker", Duration.ofMinutes(5), max)));
    }

    /** Activates exactly one job of the type, waiting briefly for it to appear. */
    public ActivatedJob activateOne(String type) {
        List<ActivatedJob> jobs = await(engine.activateJobs(new ActivateJobsCommand(type, "test-worker",
                Duration.ofMinutes(5), 1, List.of(), Duration.ofSeconds(10), null)));
        assertThat(jobs).as("activated jobs of type '%s'", type).hasSize(1);
        return jobs.get(0);
    }

    public void complete(ActivatedJob job, Map<String, Object> variables) {
        await(engine.completeJob(job.key(), variables));
    }

    public static void assertRejected(CompletableFuture<?> f, RejectionType type, String reasonPart) {
        assertThatThrownBy(() -> await(f)).isInstanceOfSatisfying(EngineRejectedException.class, e -> {
            assertThat(e.type()).isEqualTo(type);
            assertThat(e.getMessage()).contains(reasonPart);
        });
    }

    // ---- then: records and state ----

    /** One entry of the record log, reduced to what tests assert on. */
    public record Rec(String recordType, String valueType, String intent, long key, String elementId,
                      String elementType) {
        @Override
        public String toString() {
            return valueType + "." + intent + (elementId == null ? "" : "(" + elementId + ")");
        }
    }

    public List<Rec> records(long processInstanceKey) {
        return query("SELECT record_type, value_type, intent, key, value::jsonb->>'elementId', "
                + "value::jsonb->>'bpmnElementType' FROM engine.record WHERE process_instance_key = ? ORDER BY position",
                processInstanceKey);
    }

    public List<Rec> rejections() {
        return query("SELECT record_type, value_type, intent, key, rejection_reason, rejection_type FROM engine.record "
                + "WHERE record_type = 'COMMAND_REJECTION' AND ? < 0 ORDER BY position", -1);
    }

    private List<Rec> query(String sql, long arg) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, arg);
            List<Rec> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Rec(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getString(5),
                            rs.getString(6)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Process-instance records of one element as "INTENT" strings, in order. */
    public List<String> elementIntents(long processInstanceKey, String elementId) {
        return records(processInstanceKey).stream()
                .filter(r -> r.valueType().equals("PROCESS_INSTANCE") && elementId.equals(r.elementId()))
                .map(Rec::intent).toList();
    }

    public String instanceState(long processInstanceKey) {
        return await(engine.getProcessInstance(processInstanceKey)).orElseThrow().state().name();
    }

    public Object variable(long processInstanceKey, String name) {
        var result = await(engine.searchVariables(new dev.weft.engine.api.VariableFilter(processInstanceKey,
                processInstanceKey, name), dev.weft.engine.api.Page.DEFAULT));
        assertThat(result.items()).as("variable '%s' on instance %d", name, processInstanceKey).hasSize(1);
        return dev.weft.engine.state.Json.readValue(result.items().get(0).value());
    }

    /** Waits for a condition the engine reaches asynchronously (timers, timeouts); fails after 15 s. */
    public static void eventually(String what, BooleanSupplier condition) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - end > 0) {
                throw new AssertionError("Timed out waiting until " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
