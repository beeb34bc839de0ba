package dev.weft.designer.run;

import java.math.BigDecimal;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Tokens and cost of a node's model calls, from the workers' usage ledger ({@code llm.usage_ledger}), which keys
 * every call by process instance key and BPMN element id.
 *
 * <p>The workers write that ledger in batches, off the call path, so a node's job can be complete before its rows
 * are committed. Each read first asks {@link PendingWrites} to commit what the workers of this process have queued
 * (the built-in workers record a call before they complete its job, so a completed node's calls are then visible).
 */
public class NodeUsage {

    /** What the calls of one element cost; zero calls give null from {@link #of}. */
    public record Usage(long promptTokens, long completionTokens, BigDecimal costUsd, int calls) {
    }

    /** Commits the usage rows queued in this process; returns when they are written. */
    @FunctionalInterface
    public interface PendingWrites {
        void flush();
    }

    private final JdbcClient jdbc;
    private final PendingWrites pending;

    public NodeUsage(JdbcClient jdbc) {
        this(jdbc, () -> { });
    }

    public NodeUsage(JdbcClient jdbc, PendingWrites pending) {
        this.jdbc = jdbc;
        this.pending = pending;
    }

    /** The summed calls of an element of an instance, or null when it made none. */
    public Usage of(long processInstanceKey, String elementId) {
        pending.flush();
        java.util.List<Usage> rows = jdbc.sql("""
                        SELECT coalesce(sum(prompt_tokens), 0), coalesce(sum(completion_tokens), 0),
                               coalesce(sum(cost_usd), 0), count(*)
                        FROM llm.usage_ledger WHERE process_instance_key = ? AND element_id = ?""")
                .params(processInstanceKey, elementId)
                .query((rs, n) -> rs.getInt(4) == 0 ? null
                        : new Usage(rs.getLong(1), rs.getLong(2), rs.getBigDecimal(3), rs.getInt(4)))
                .list();
        return rows.isEmpty() ? null : rows.get(0);
    }
}
