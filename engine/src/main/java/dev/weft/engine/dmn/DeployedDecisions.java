package dev.weft.engine.dmn;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the decision a business rule task calls: among the latest (not deleted) version of every deployed decision
 * requirements graph of the tenant, the most recently deployed one that contains a decision with that id. Deployed
 * resources never change, so graphs are parsed once per resource key and kept.
 */
public final class DeployedDecisions {

    /** A decision found in a deployed graph. */
    public record Found(long decisionRequirementsKey, String decisionRequirementsId, int version,
                        DecisionEngine.Parsed graph) {
    }

    private static final int MAX_CACHED = 1_000;

    private final DecisionEngine engine;
    private final Map<Long, DecisionEngine.Parsed> parsed = new ConcurrentHashMap<>();

    public DeployedDecisions(DecisionEngine engine) {
        this.engine = engine;
    }

    public DecisionEngine engine() {
        return engine;
    }

    /** The latest deployed graph containing {@code decisionId}, or {@code null} when none does. */
    public Found find(Connection c, String decisionId, String tenantId) throws SQLException {
        record Latest(long key, String id, int version) {
        }
        List<Latest> latest = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT key, resource_id, version FROM ("
                + "SELECT DISTINCT ON (resource_id) key, resource_id, version FROM engine.resource "
                + "WHERE kind = 'DECISION' AND tenant_id = ? AND NOT deleted ORDER BY resource_id, version DESC) latest "
                + "ORDER BY key DESC")) {
            ps.setString(1, tenantId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    latest.add(new Latest(rs.getLong(1), rs.getString(2), rs.getInt(3)));
                }
            }
        }
        for (Latest l : latest) {
            DecisionEngine.Parsed graph = graph(c, l.key());
            if (graph != null && graph.ok() && graph.decisionIds().contains(decisionId)) {
                return new Found(l.key(), l.id(), l.version(), graph);
            }
        }
        return null;
    }

    private DecisionEngine.Parsed graph(Connection c, long key) throws SQLException {
        DecisionEngine.Parsed cached = parsed.get(key);
        if (cached != null) {
            return cached;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT content FROM engine.resource WHERE key = ?")) {
            ps.setLong(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                DecisionEngine.Parsed graph = engine.parse(rs.getBytes(1));
                if (parsed.size() >= MAX_CACHED) {
                    parsed.clear();
                }
                parsed.put(key, graph);
                return graph;
            }
        }
    }
}
