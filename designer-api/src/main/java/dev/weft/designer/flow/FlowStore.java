package dev.weft.designer.flow;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/** SQL for schema {@code designer}. Callers hold the transaction. */
final class FlowStore {

    private static final String SUMMARY = """
            SELECT f.id, f.process_id, f.name, f.description, f.created_by, f.created_at, f.updated_at,
                   (SELECT max(v.version) FROM designer.flow_version v WHERE v.flow_id = f.id) AS latest
            FROM designer.flow f
            """;

    private final JdbcClient jdbc;

    FlowStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record DraftRow(String graph, String etag, String updatedBy, OffsetDateTime updatedAt) {
    }

    record VersionRow(VersionSummary summary, String graph, String bpmn) {
    }

    boolean processIdTaken(String processId) {
        return jdbc.sql("SELECT count(*) FROM designer.flow WHERE process_id = ?").param(processId).query(Long.class).single() > 0;
    }

    void insertFlow(UUID id, String processId, String name, String description, String by, OffsetDateTime now) {
        jdbc.sql("""
                INSERT INTO designer.flow (id, process_id, name, description, created_by, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)""")
                .params(id, processId, name, description, by, now, now).update();
    }

    void insertDraft(UUID flowId, String graph, String etag, String by, OffsetDateTime now) {
        jdbc.sql("INSERT INTO designer.draft (flow_id, graph, etag, updated_by, updated_at) VALUES (?, ?::jsonb, ?, ?, ?)")
                .params(flowId, graph, etag, by, now).update();
    }

    Optional<FlowSummary> flow(UUID id, boolean lock) {
        String sql = lock
                ? "SELECT id FROM designer.flow WHERE id = ? AND deleted_at IS NULL FOR UPDATE"
                : null;
        if (sql != null && jdbc.sql(sql).param(id).query(UUID.class).optional().isEmpty()) {
            return Optional.empty();
        }
        return jdbc.sql(SUMMARY + " WHERE f.id = ? AND f.deleted_at IS NULL").param(id).query(FlowStore::summary).optional();
    }

    FlowPage list(String q, int page, int size) {
        String where = " WHERE f.deleted_at IS NULL AND (?::text IS NULL OR f.name ILIKE ? OR f.description ILIKE ? OR f.process_id ILIKE ?)";
        String like = q == null ? null : "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        List<FlowSummary> items = jdbc.sql(SUMMARY + where + " ORDER BY f.updated_at DESC, f.id LIMIT ? OFFSET ?")
                .params(q, like, like, like, size, (long) page * size).query(FlowStore::summary).list();
        long total = jdbc.sql("SELECT count(*) FROM designer.flow f" + where).params(q, like, like, like).query(Long.class).single();
        return new FlowPage(items, page, size, total);
    }

    void updateFlow(UUID id, String name, String description, OffsetDateTime now) {
        jdbc.sql("UPDATE designer.flow SET name = coalesce(?, name), description = coalesce(?, description), updated_at = ? WHERE id = ?")
                .params(name, description, now, id).update();
    }

    void touch(UUID id, OffsetDateTime now) {
        jdbc.sql("UPDATE designer.flow SET updated_at = ? WHERE id = ?").params(now, id).update();
    }

    void softDelete(UUID id, OffsetDateTime now) {
        jdbc.sql("UPDATE designer.flow SET deleted_at = ?, updated_at = ? WHERE id = ?").params(now, now, id).update();
    }

    DraftRow draft(UUID flowId) {
        return jdbc.sql("SELECT graph::text, etag, updated_by, updated_at FROM designer.draft WHERE flow_id = ?").param(flowId)
                .query((rs, i) -> new DraftRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getObject(4, OffsetDateTime.class)))
                .single();
    }

    /** Writes the draft only if it still has {@code expectedEtag}; false when someone else saved first. */
    boolean updateDraft(UUID flowId, String expectedEtag, String graph, String etag, String by, OffsetDateTime now) {
        return jdbc.sql("UPDATE designer.draft SET graph = ?::jsonb, etag = ?, updated_by = ?, updated_at = ? WHERE flow_id = ? AND etag = ?")
                .params(graph, etag, by, now, flowId, expectedEtag).update() == 1;
    }

    int nextVersion(UUID flowId) {
        return jdbc.sql("SELECT coalesce(max(version), 0) + 1 FROM designer.flow_version WHERE flow_id = ?").param(flowId)
                .query(Integer.class).single();
    }

    void insertVersion(UUID flowId, VersionSummary v, String graph, String bpmn) {
        jdbc.sql("""
                INSERT INTO designer.flow_version (flow_id, version, name, comment, author, created_at, graph, bpmn,
                                                   deployment_key, process_definition_key)
                VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?)""")
                .params(flowId, v.version(), v.name(), v.comment(), v.author(), v.createdAt(), graph, bpmn,
                        v.deploymentKey(), v.processDefinitionKey()).update();
    }

    List<VersionSummary> versions(UUID flowId) {
        return jdbc.sql("""
                SELECT version, name, comment, author, created_at, deployment_key, process_definition_key
                FROM designer.flow_version WHERE flow_id = ? ORDER BY version DESC""").param(flowId)
                .query((rs, i) -> version(rs)).list();
    }

    Optional<VersionRow> version(UUID flowId, int version) {
        return jdbc.sql("""
                SELECT version, name, comment, author, created_at, deployment_key, process_definition_key, graph::text, bpmn
                FROM designer.flow_version WHERE flow_id = ? AND version = ?""").params(flowId, version)
                .query((rs, i) -> new VersionRow(version(rs), rs.getString(8), rs.getString(9))).optional();
    }

    void history(UUID flowId, String actor, String action, String detailJson, OffsetDateTime now) {
        jdbc.sql("INSERT INTO designer.flow_history (flow_id, at, actor, action, detail) VALUES (?, ?, ?, ?, ?::jsonb)")
                .params(flowId, now, actor, action, detailJson).update();
    }

    List<Object[]> history(UUID flowId) {
        return jdbc.sql("SELECT id, at, actor, action, detail::text FROM designer.flow_history WHERE flow_id = ? ORDER BY id DESC")
                .param(flowId)
                .query((rs, i) -> new Object[] {rs.getLong(1), rs.getObject(2, OffsetDateTime.class), rs.getString(3), rs.getString(4), rs.getString(5)})
                .list();
    }

    private static VersionSummary version(ResultSet rs) throws SQLException {
        return new VersionSummary(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getObject(5, OffsetDateTime.class), (Long) rs.getObject(6), (Long) rs.getObject(7));
    }

    private static FlowSummary summary(ResultSet rs, int i) throws SQLException {
        return new FlowSummary(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getObject(6, OffsetDateTime.class), rs.getObject(7, OffsetDateTime.class), (Integer) rs.getObject(8));
    }
}
