package dev.weft.engine.processing;

import dev.weft.engine.model.BpmnParser;
import dev.weft.engine.model.ExecutableProcess;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Deployed process definitions, parsed once and cached by key. Definitions are immutable, so the cache is shared by
 * every thread and needs no invalidation; only "which version is the latest" is always asked of the database,
 * because another engine may have deployed a newer one.
 */
final class ProcessRepository {

    /** A deployed definition and its executable model. */
    record Deployed(long key, String bpmnProcessId, int version, String resourceName, String tenantId,
                    ExecutableProcess process) {
    }

    private final BpmnParser parser;
    private final Map<Long, Deployed> byKey = new ConcurrentHashMap<>();

    ProcessRepository(BpmnParser parser) {
        this.parser = parser;
    }

    void put(Deployed d) {
        byKey.put(d.key(), d);
    }

    /** Cached only (for appliers, which run after the definition was loaded by their processor). */
    Deployed cached(long key) {
        return byKey.get(key);
    }

    /** By key, deleted or not; {@code null} when unknown. */
    Deployed byKey(Connection c, long key) throws SQLException {
        Deployed d = byKey.get(key);
        if (d != null) {
            return d;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT resource_id, version, resource_name, tenant_id, content FROM engine.resource "
                        + "WHERE key = ? AND kind = 'PROCESS'")) {
            ps.setLong(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                String id = rs.getString(1);
                BpmnParser.Result parsed = parser.parse(rs.getString(3), rs.getBytes(5));
                if (!parsed.ok()) {
                    throw new IllegalStateException("Stored process definition " + key + " no longer parses: " + parsed.error());
                }
                ExecutableProcess process = parsed.processes().stream().filter(p -> p.bpmnProcessId().equals(id))
                        .findFirst().orElseThrow(() -> new IllegalStateException("Process " + id + " missing in its resource"));
                d = new Deployed(key, id, rs.getInt(2), rs.getString(3), rs.getString(4), process);
                byKey.put(key, d);
                return d;
            }
        }
    }

    /** The newest non-deleted version, or a given version ({@code version < 0} for latest); {@code null} if none. */
    Deployed byId(Connection c, String bpmnProcessId, int version, String tenantId) throws SQLException {
        String sql = version < 0
                ? "SELECT key FROM engine.resource WHERE kind = 'PROCESS' AND tenant_id = ? AND resource_id = ? "
                + "AND NOT deleted ORDER BY version DESC LIMIT 1"
                : "SELECT key FROM engine.resource WHERE kind = 'PROCESS' AND tenant_id = ? AND resource_id = ? "
                + "AND NOT deleted AND version = ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, tenantId);
            ps.setString(2, bpmnProcessId);
            if (version >= 0) {
                ps.setInt(3, version);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? byKey(c, rs.getLong(1)) : null;
            }
        }
    }

    static String xml(byte[] content) {
        return new String(content, StandardCharsets.UTF_8);
    }
}
