package dev.weft.workers.llm.usage;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.weft.workers.testing.PooledTestDatabase;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The batched ledger: rows leave the call path but none is lost, and reads see every row recorded before them. */
class UsageLedgerBatchTest {

    private static HikariDataSource ds;

    @BeforeAll
    static void database() {
        ds = PooledTestDatabase.create("workers_ledger_batch");
    }

    @AfterAll
    static void close() {
        ds.close();
    }

    @BeforeEach
    void empty() {
        PooledTestDatabase.truncateLlm(ds);
    }

    private static UsageEntry entry(String model, int prompt, int completion, String cost) {
        return new UsageEntry("r", model, "p", "ok", prompt, completion, new BigDecimal(cost), 3, false,
                new CallContext("acme", 42L, "answer"));
    }

    @Test
    void rowsRecordedFromManyThreadsAreAllWrittenByAnOrderlyClose() throws Exception {
        // A flush period far beyond the test: only close() can have written the rows.
        UsageLedger ledger = UsageLedger.batched(ds, 10_000, Duration.ofHours(1));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Callable<Void>> work = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            work.add(() -> {
                for (int i = 0; i < 250; i++) {
                    ledger.record(entry("p/m", 10, 2, "0.001"));
                }
                return null;
            });
        }
        for (Future<Void> f : pool.invokeAll(work)) {
            f.get();
        }
        pool.shutdown();

        ledger.close();

        assertThat(count("SELECT count(*) FROM llm.usage_ledger")).isEqualTo(1000);
        assertThat(count("SELECT count(*) FROM llm.usage_ledger WHERE tenant = 'acme' AND process_instance_key = 42"
                + " AND element_id = 'answer' AND prompt_tokens = 10 AND completion_tokens = 2")).isEqualTo(1000);
        List<UsageLedger.ModelTotals> totals = new UsageLedger(ds).totalsSince(Instant.EPOCH);
        assertThat(totals).singleElement().satisfies(t -> {
            assertThat(t.calls()).isEqualTo(1000);
            assertThat(t.costUsd()).isEqualByComparingTo("1.000");
        });
    }

    @Test
    void theTotalsOfABatchedLedgerIncludeRowsStillQueued() throws SQLException {
        try (UsageLedger ledger = UsageLedger.batched(ds, 100, Duration.ofHours(1))) {
            ledger.record(entry("p/a", 100, 10, "0.5"));
            ledger.record(entry("p/b", 1, 1, "0.1"));
            assertThat(count("SELECT count(*) FROM llm.usage_ledger")).isZero();

            assertThat(ledger.totalsSince(Instant.EPOCH)).extracting(UsageLedger.ModelTotals::modelId)
                    .containsExactly("p/a", "p/b");
        }
    }

    @Test
    void aFullQueueMakesTheCallerWriteInsteadOfDropping() throws SQLException {
        try (UsageLedger ledger = UsageLedger.batched(ds, 2, Duration.ofHours(1))) {
            for (int i = 0; i < 5; i++) {
                ledger.record(entry("p/m", 1, 1, "0"));
            }
            // Two wait in the queue (the writer only runs every hour here); the callers wrote the other three.
            assertThat(count("SELECT count(*) FROM llm.usage_ledger")).isEqualTo(3);
        }
        assertThat(count("SELECT count(*) FROM llm.usage_ledger")).isEqualTo(5);
    }

    @Test
    void theBackgroundWriterWritesWithoutAnyRead() {
        try (UsageLedger ledger = UsageLedger.batched(ds, 100, Duration.ofMillis(20))) {
            ledger.record(entry("p/m", 1, 1, "0"));
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> count("SELECT count(*) FROM llm.usage_ledger") == 1);
        }
    }

    private static long count(String sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
