package dev.weft.workers.llm.usage;

import dev.weft.workers.llm.registry.Jdbc;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import javax.sql.DataSource;

/**
 * Appends calls to {@code llm.usage_ledger} and sums them; the source of cost reports and budgets.
 *
 * <p>A ledger made with {@link #batched} keeps the database off the call path: {@link #record} only queues the
 * row (stamped with the time of the call) and a background writer inserts what accumulated every
 * {@code flushEvery}, in one multi-row transaction. Nothing is dropped: a full queue makes the caller write its
 * row itself, a failed batch is retried, {@link #close} writes everything still queued, and the reads here
 * write the queue first so they see every call recorded before them.
 */
public final class UsageLedger implements AutoCloseable {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(UsageLedger.class);
    private static final int MAX_BATCH = 1000;

    private record Row(UsageEntry entry, Instant at) {
    }

    private final DataSource dataSource;
    private final BlockingQueue<Row> queue;
    private final Thread writer;
    private final Duration flushEvery;
    private final int capacity;
    /** Held while a batch is taken from the queue and written, so {@link #flush} returns after in-flight rows. */
    private final Object writeLock = new Object();
    private final List<Row> retry = new ArrayList<>();
    private volatile boolean closed;

    /** A ledger that inserts each row synchronously. */
    public UsageLedger(DataSource dataSource) {
        this.dataSource = dataSource;
        this.queue = null;
        this.writer = null;
        this.flushEvery = null;
        this.capacity = 0;
    }

    private UsageLedger(DataSource dataSource, int capacity, Duration flushEvery) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        if (flushEvery.isNegative() || flushEvery.isZero()) {
            throw new IllegalArgumentException("flushEvery must be positive");
        }
        this.dataSource = dataSource;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.flushEvery = flushEvery;
        this.capacity = capacity;
        this.writer = Thread.ofPlatform().daemon().name("weft-usage-ledger").start(this::writeLoop);
    }

    /**
     * A ledger that writes in the background, every {@code flushEvery}, holding at most {@code capacity} rows;
     * close it to write the rest.
     */
    public static UsageLedger batched(DataSource dataSource, int capacity, Duration flushEvery) {
        return new UsageLedger(dataSource, capacity, flushEvery);
    }

    public void record(UsageEntry e) {
        Row row = new Row(e, Instant.now());
        if (queue == null || closed || !queue.offer(row)) {
            // Synchronous ledger, shut down, or the writer is behind: the caller pays the insert, nothing is lost.
            insert(List.of(row));
        }
    }

    /** Writes every row queued so far; returns when they are committed. A no-op for a synchronous ledger. */
    public void flush() {
        if (queue == null) {
            return;
        }
        synchronized (writeLock) {
            // Enough rounds for every row queued when the flush began; later rows are the next flush's.
            int rounds = queue.size() / capacity + 2;
            for (int round = 0; round < rounds; round++) {
                List<Row> batch = new ArrayList<>(retry);
                retry.clear();
                // While the database is down rows wait in the queue (whose bound makes callers write
                // themselves), not here: at most one queue's worth is held outside it.
                if (batch.size() < capacity) {
                    queue.drainTo(batch, capacity - batch.size());
                }
                if (batch.isEmpty()) {
                    return;
                }
                int written = 0;
                try {
                    while (written < batch.size()) {
                        int end = Math.min(batch.size(), written + MAX_BATCH);
                        insert(batch.subList(written, end));
                        written = end;
                    }
                } catch (RuntimeException e) {
                    // Each insert is one transaction: the failed one and the rest are kept, earlier ones are written.
                    retry.addAll(batch.subList(written, batch.size()));
                    throw e;
                }
            }
        }
    }

    /**
     * Writes on a fixed period rather than waking on each new row: a wake-up per row would put this thread on
     * the CPU right next to the call that recorded it.
     */
    private void writeLoop() {
        while (!closed) {
            try {
                Thread.sleep(flushEvery);
                flush();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warn("Could not write usage rows, will retry: {}", e.getMessage());
            }
        }
    }

    /** Stops the writer and writes every row still queued (orderly shutdown loses nothing). */
    @Override
    public void close() {
        if (queue == null || closed) {
            return;
        }
        closed = true;
        writer.interrupt();
        try {
            writer.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            flush();
        } catch (RuntimeException e) {
            int lost;
            synchronized (writeLock) {
                lost = retry.size();
            }
            LOG.error("Could not write {} usage rows on shutdown: {}", lost, e.getMessage());
        }
    }

    private void insert(List<Row> rows) {
        Jdbc.inTransaction(dataSource, c -> {
            // Not waiting for the WAL flush keeps the commit cheap; a database crash can lose the last few rows,
            // which cost reports tolerate.
            try (java.sql.Statement relaxed = c.createStatement()) {
                relaxed.execute("SET LOCAL synchronous_commit = off");
            }
            try (PreparedStatement s = c.prepareStatement("""
                    INSERT INTO llm.usage_ledger (route_alias, model_id, provider_id, outcome, prompt_tokens,
                      completion_tokens, cost_usd, latency_ms, cached, tenant, process_instance_key, element_id, at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
                for (Row row : rows) {
                    UsageEntry e = row.entry();
                    s.setString(1, e.routeAlias());
                    s.setString(2, e.modelId());
                    s.setString(3, e.providerId());
                    s.setString(4, e.outcome());
                    s.setInt(5, e.promptTokens());
                    s.setInt(6, e.completionTokens());
                    s.setBigDecimal(7, e.costUsd());
                    s.setInt(8, (int) Math.min(Integer.MAX_VALUE, e.latencyMs()));
                    s.setBoolean(9, e.cached());
                    s.setString(10, e.context().tenant());
                    s.setObject(11, e.context().processInstanceKey());
                    s.setString(12, e.context().elementId());
                    s.setTimestamp(13, Timestamp.from(row.at()));
                    s.addBatch();
                }
                return s.executeBatch();
            }
        });
    }

    /** Totals per model since a point in time, most expensive first. */
    public List<ModelTotals> totalsSince(Instant since) {
        flush();
        return Jdbc.withConnection(dataSource, c -> {
            try (PreparedStatement s = c.prepareStatement("""
                    SELECT model_id, count(*), count(*) FILTER (WHERE outcome NOT IN ('ok', 'cache_hit')),
                      count(*) FILTER (WHERE cached), sum(prompt_tokens), sum(completion_tokens), sum(cost_usd)
                    FROM llm.usage_ledger WHERE at >= ? GROUP BY model_id ORDER BY sum(cost_usd) DESC, model_id""")) {
                s.setTimestamp(1, Timestamp.from(since));
                List<ModelTotals> out = new ArrayList<>();
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        out.add(new ModelTotals(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4),
                                rs.getLong(5), rs.getLong(6), rs.getBigDecimal(7)));
                    }
                }
                return out;
            }
        });
    }

    /** Sums for one model. */
    public record ModelTotals(String modelId, long calls, long failures, long cacheHits, long promptTokens,
                              long completionTokens, BigDecimal costUsd) {
    }
}
