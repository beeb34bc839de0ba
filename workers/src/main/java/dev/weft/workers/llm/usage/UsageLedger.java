package dev.weft.workers.llm.usage;

import dev.weft.workers.llm.registry.Jdbc;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** Appends calls to {@code llm.usage_ledger} and sums them; the source of cost reports and budgets. */
public final class UsageLedger {

    private final DataSource dataSource;

    public UsageLedger(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public void record(UsageEntry e) {
        Jdbc.inTransaction(dataSource, c -> {
            // One row per call: not waiting for the WAL flush keeps it off the call's critical path; a database
            // crash can lose the last few rows, which cost reports tolerate.
            try (java.sql.Statement relaxed = c.createStatement()) {
                relaxed.execute("SET LOCAL synchronous_commit = off");
            }
            try (PreparedStatement s = c.prepareStatement("""
                    INSERT INTO llm.usage_ledger (route_alias, model_id, provider_id, outcome, prompt_tokens,
                      completion_tokens, cost_usd, latency_ms, cached, tenant, process_instance_key, element_id)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
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
                return s.executeUpdate();
            }
        });
    }

    /** Totals per model since a point in time, most expensive first. */
    public List<ModelTotals> totalsSince(Instant since) {
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
