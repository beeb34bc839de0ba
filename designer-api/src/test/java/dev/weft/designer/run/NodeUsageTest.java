package dev.weft.designer.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.migrations.WeftMigrations;
import dev.weft.testsupport.TestDatabases;
import dev.weft.workers.llm.usage.CallContext;
import dev.weft.workers.llm.usage.UsageEntry;
import dev.weft.workers.llm.usage.UsageLedger;
import java.math.BigDecimal;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A node's usage is read from the workers' ledger, which they write in batches: the read commits what is queued
 * first, or a node that just finished would show no tokens. The real batched ledger, with a period long enough
 * that only an explicit flush writes during the test.
 */
class NodeUsageTest {

    static DataSource db;
    static UsageLedger ledger;

    @BeforeAll
    static void database() {
        db = TestDatabases.create("designer_usage").dataSource();
        WeftMigrations.migrate(db);
        ledger = UsageLedger.batched(db, 100, Duration.ofHours(1));
    }

    @AfterAll
    static void close() {
        ledger.close();
    }

    static void record(long instance, String elementId, int prompt, int completion, String cost) {
        ledger.record(new UsageEntry(null, "m", "p", "ok", prompt, completion, new BigDecimal(cost), 5, false,
                new CallContext(null, instance, elementId)));
    }

    @Test
    void queuedCallsOfTheNodeAreCommittedBeforeTheyAreSummed() {
        record(41, "classify", 12, 4, "0.00002");
        record(41, "classify", 3, 1, "0.00001");
        record(41, "other", 100, 100, "1");

        assertThat(new NodeUsage(JdbcClient.create(db)).of(41, "classify"))
                .as("without the flush the queued rows are not there yet").isNull();

        NodeUsage.Usage u = new NodeUsage(JdbcClient.create(db), ledger::flush).of(41, "classify");
        assertThat(u.promptTokens()).isEqualTo(15);
        assertThat(u.completionTokens()).isEqualTo(5);
        assertThat(u.costUsd()).isEqualByComparingTo("0.00003");
        assertThat(u.calls()).isEqualTo(2);
        assertThat(new NodeUsage(JdbcClient.create(db), ledger::flush).of(41, "nothing")).isNull();
    }
}
