package dev.weft.bench.engine.flowable;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.weft.testsupport.TestDatabases;
import org.flowable.engine.ProcessEngine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Flowable side of the engine benchmark, run tiny against the real PostgreSQL: every instance of both flows is
 * driven to its end by the HTTP workers through Flowable's external worker REST API. No timing is asserted.
 */
class FlowableBenchmarkTest {

    private static HikariDataSource dataSource;
    private static FlowableBenchmark bench;

    @BeforeAll
    static void start() {
        TestDatabases.FreshDatabase db = TestDatabases.create("bench_flowable");
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(db.jdbcUrl());
        hc.setUsername(db.user());
        hc.setPassword(db.password());
        hc.setMaximumPoolSize(FlowableBenchmark.POOL_SIZE);
        dataSource = new HikariDataSource(hc);
        bench = FlowableBenchmark.start(dataSource);
    }

    @AfterAll
    static void stop() {
        if (bench != null) {
            bench.close();
        }
        if (dataSource != null) {
            dataSource.close();
        }
    }

    @Test
    void oneTaskInstancesAllCompleteThroughTheRestWorkers() throws Exception {
        FlowableBenchmark.Result r = bench.run("one-task", FlowableFlows.ONE_TASK_TOPICS, 20, 8, n -> { });

        assertThat(r.failures()).as("failures, first: %s", r.firstFailure()).isZero();
        assertThat(r.completed()).isEqualTo(20);
        assertFinished("one-task", 20);
        assertThat(bench.engine().getHistoryService().createHistoricActivityInstanceQuery()
                .activityId("task").finished().count()).isEqualTo(20);
    }

    @Test
    void aiShapedInstancesTakeEveryBranchAndAllThreeRetrievals() throws Exception {
        FlowableBenchmark.Result r = bench.run("ai-shaped", FlowableFlows.AI_SHAPED_TOPICS, 20, 8, n -> { });

        assertThat(r.failures()).as("failures, first: %s", r.firstFailure()).isZero();
        assertThat(r.completed()).isEqualTo(20);
        assertFinished("ai-shaped", 20);
        // select, llmA, llmB, 3 x retrieve, aggregate: 7 external worker jobs per instance, all done over HTTP.
        ProcessEngine engine = bench.engine();
        for (String task : new String[] {"select", "llmA", "llmB", "aggregate"}) {
            assertThat(engine.getHistoryService().createHistoricActivityInstanceQuery()
                    .processDefinitionId(definitionId("ai-shaped")).activityId(task).finished().count())
                    .as(task).isEqualTo(20);
        }
        assertThat(engine.getHistoryService().createHistoricActivityInstanceQuery()
                .activityId("retrieve").finished().count())
                .as("multi-instance retrieve ran once per item").isGreaterThanOrEqualTo(60);
        assertThat(engine.getHistoryService().createHistoricActivityInstanceQuery()
                .activityId("fast").count())
                .as("route=fast took the conditional flow, not the default").isEqualTo(20);
        assertThat(engine.getHistoryService().createHistoricActivityInstanceQuery()
                .activityId("slow").count()).isZero();
    }

    private static String definitionId(String processKey) {
        return bench.engine().getRepositoryService().createProcessDefinitionQuery().processDefinitionKey(processKey)
                .singleResult().getId();
    }

    private static void assertFinished(String processKey, int instances) {
        ProcessEngine engine = bench.engine();
        assertThat(engine.getHistoryService().createHistoricProcessInstanceQuery()
                .processDefinitionKey(processKey).finished().count()).isEqualTo(instances);
        assertThat(engine.getRuntimeService().createProcessInstanceQuery()
                .processDefinitionKey(processKey).count()).as("instances still running").isZero();
        assertThat(engine.getManagementService().createExternalWorkerJobQuery().count()).isZero();
        assertThat(engine.getManagementService().createDeadLetterJobQuery().count()).isZero();
    }
}
