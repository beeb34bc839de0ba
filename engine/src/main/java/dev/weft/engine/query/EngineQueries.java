package dev.weft.engine.query;

import dev.weft.engine.api.ElementInstanceView;
import dev.weft.engine.api.IncidentFilter;
import dev.weft.engine.api.IncidentState;
import dev.weft.engine.api.IncidentView;
import dev.weft.engine.api.Page;
import dev.weft.engine.api.ProcessDefinitionFilter;
import dev.weft.engine.api.ProcessDefinitionView;
import dev.weft.engine.api.ProcessInstanceFilter;
import dev.weft.engine.api.ProcessInstanceState;
import dev.weft.engine.api.ProcessInstanceView;
import dev.weft.engine.api.SearchResult;
import dev.weft.engine.api.UserTaskFilter;
import dev.weft.engine.api.UserTaskState;
import dev.weft.engine.api.UserTaskView;
import dev.weft.engine.api.VariableFilter;
import dev.weft.engine.api.VariableView;
import dev.weft.engine.state.Json;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Read models over the engine's tables, for the REST search endpoints and ops tooling. Reads committed state only;
 * never locks.
 */
public final class EngineQueries {

    private final DataSource dataSource;

    public EngineQueries(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @FunctionalInterface
    private interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    /** A WHERE clause built from optional filters. */
    private static final class Where {
        final StringBuilder sql = new StringBuilder(" WHERE true");
        final List<Object> args = new ArrayList<>();

        Where eq(String column, Object value) {
            boolean skip = value == null || (value instanceof Long l && l < 0) || (value instanceof Integer i && i < 0);
            if (!skip) {
                sql.append(" AND ").append(column).append(" = ?");
                args.add(value);
            }
            return this;
        }

        Where raw(String condition) {
            sql.append(" AND ").append(condition);
            return this;
        }
    }

    private <T> SearchResult<T> search(String select, String from, Where where, Page page, RowMapper<T> mapper) {
        try (Connection c = dataSource.getConnection()) {
            long total;
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM " + from + where.sql)) {
                bind(ps, where.args);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
            List<T> items = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + select + " FROM " + from + where.sql
                    + " ORDER BY key LIMIT ? OFFSET ?")) {
                int n = bind(ps, where.args);
                ps.setInt(n + 1, page.limit());
                ps.setInt(n + 2, page.from());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        items.add(mapper.map(rs));
                    }
                }
            }
            return new SearchResult<>(items, total);
        } catch (SQLException e) {
            throw new IllegalStateException("Query on " + from + " failed: " + e.getMessage(), e);
        }
    }

    private <T> Optional<T> one(String select, String from, long key, RowMapper<T> mapper) {
        SearchResult<T> r = search(select, from, new Where().eq("key", key), new Page(0, 1), mapper);
        return r.items().stream().findFirst();
    }

    private static int bind(PreparedStatement ps, List<Object> args) throws SQLException {
        for (int i = 0; i < args.size(); i++) {
            ps.setObject(i + 1, args.get(i));
        }
        return args.size();
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() || v == 0 ? null : Instant.ofEpochMilli(v);
    }

    // ---- process instances ----

    private static final String PI_COLUMNS = "key, process_definition_key, bpmn_process_id, version, state, start_time, "
            + "end_time, parent_process_instance_key, parent_element_instance_key, has_incident, tenant_id";

    private static ProcessInstanceView pi(ResultSet rs) throws SQLException {
        return new ProcessInstanceView(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getInt(4),
                ProcessInstanceState.valueOf(rs.getString(5)), instant(rs, 6), instant(rs, 7), rs.getLong(8),
                rs.getLong(9), rs.getBoolean(10), rs.getString(11));
    }

    public Optional<ProcessInstanceView> processInstance(long key) {
        return one(PI_COLUMNS, "engine.process_instance", key, EngineQueries::pi);
    }

    public SearchResult<ProcessInstanceView> processInstances(ProcessInstanceFilter f, Page page) {
        Where w = new Where().eq("bpmn_process_id", f.bpmnProcessId()).eq("process_definition_key", f.processDefinitionKey())
                .eq("state", f.state() == null ? null : f.state().name())
                .eq("parent_process_instance_key", f.parentProcessInstanceKey());
        return search(PI_COLUMNS, "engine.process_instance", w, page, EngineQueries::pi);
    }

    /** For create-with-result: which of these instances ended, with their root variables (null when terminated). */
    public Map<Long, Map<String, Object>> endedInstances(Set<Long> keys) {
        Map<Long, Map<String, Object>> out = new HashMap<>();
        if (keys.isEmpty()) {
            return out;
        }
        try (Connection c = dataSource.getConnection()) {
            List<Long> completed = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT key, state FROM engine.process_instance WHERE key = ANY(?) AND state <> 'ACTIVE'")) {
                ps.setArray(1, c.createArrayOf("bigint", keys.toArray(new Long[0])));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if ("COMPLETED".equals(rs.getString(2))) {
                            completed.add(rs.getLong(1));
                            out.put(rs.getLong(1), new HashMap<>());
                        } else {
                            out.put(rs.getLong(1), null);
                        }
                    }
                }
            }
            if (!completed.isEmpty()) {
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT scope_key, name, value FROM engine.variable WHERE scope_key = ANY(?)")) {
                    ps.setArray(1, c.createArrayOf("bigint", completed.toArray(new Long[0])));
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            out.get(rs.getLong(1)).put(rs.getString(2), Json.readValue(rs.getString(3)));
                        }
                    }
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read ended instances: " + e.getMessage(), e);
        }
    }

    // ---- element instances ----

    public SearchResult<ElementInstanceView> elementInstances(long processInstanceKey, Page page) {
        return search("key, process_instance_key, flow_scope_key, element_id, element_type, state, start_time, end_time, "
                        + "incident_key, tenant_id", "engine.element_instance",
                new Where().eq("process_instance_key", processInstanceKey), page,
                rs -> new ElementInstanceView(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), instant(rs, 7), instant(rs, 8), rs.getLong(9), rs.getString(10)));
    }

    // ---- incidents ----

    private static final String INCIDENT_COLUMNS = "key, process_instance_key, process_definition_key, bpmn_process_id, "
            + "element_id, element_instance_key, job_key, error_type, error_message, state, created_at, tenant_id";

    private static IncidentView incident(ResultSet rs) throws SQLException {
        return new IncidentView(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getString(4), rs.getString(5),
                rs.getLong(6), rs.getLong(7), rs.getString(8), rs.getString(9), IncidentState.valueOf(rs.getString(10)),
                instant(rs, 11), rs.getString(12));
    }

    public Optional<IncidentView> incident(long key) {
        return one(INCIDENT_COLUMNS, "engine.incident", key, EngineQueries::incident);
    }

    public SearchResult<IncidentView> incidents(IncidentFilter f, Page page) {
        Where w = new Where().eq("process_instance_key", f.processInstanceKey())
                .eq("state", f.state() == null ? null : f.state().name()).eq("error_type", f.errorType())
                .eq("element_id", f.elementId());
        return search(INCIDENT_COLUMNS, "engine.incident", w, page, EngineQueries::incident);
    }

    // ---- user tasks ----

    private static final String USER_TASK_COLUMNS = "key, name, element_id, element_instance_key, process_instance_key, "
            + "process_definition_key, bpmn_process_id, process_definition_version, state, assignee, candidate_groups, "
            + "candidate_users, due_date, follow_up_date, form_key, priority, created_at, completed_at, tenant_id";

    @SuppressWarnings("unchecked")
    private static UserTaskView userTask(ResultSet rs) throws SQLException {
        return new UserTaskView(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(5),
                rs.getLong(6), rs.getString(7), rs.getInt(8), UserTaskState.valueOf(rs.getString(9)), rs.getString(10),
                (List<String>) (List<?>) Json.read(rs.getString(11), List.class),
                (List<String>) (List<?>) Json.read(rs.getString(12), List.class), rs.getString(13), rs.getString(14),
                rs.getString(15), rs.getInt(16), instant(rs, 17), instant(rs, 18), rs.getString(19));
    }

    public Optional<UserTaskView> userTask(long key) {
        return one(USER_TASK_COLUMNS, "engine.user_task", key, EngineQueries::userTask);
    }

    public SearchResult<UserTaskView> userTasks(UserTaskFilter f, Page page) {
        Where w = new Where().eq("state", f.state() == null ? null : f.state().name()).eq("assignee", f.assignee())
                .eq("process_instance_key", f.processInstanceKey()).eq("element_id", f.elementId());
        if (f.candidateGroup() != null) {
            w.sql.append(" AND jsonb_exists(candidate_groups::jsonb, ?)");
            w.args.add(f.candidateGroup());
        }
        return search(USER_TASK_COLUMNS, "engine.user_task", w, page, EngineQueries::userTask);
    }

    // ---- variables ----

    public SearchResult<VariableView> variables(VariableFilter f, Page page) {
        Where w = new Where().eq("process_instance_key", f.processInstanceKey()).eq("scope_key", f.scopeKey())
                .eq("name", f.name());
        return search("key, name, value, scope_key, process_instance_key, tenant_id", "engine.variable", w, page,
                rs -> new VariableView(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(5),
                        rs.getString(6)));
    }

    // ---- process definitions ----

    private static final String DEFINITION_COLUMNS = "key, resource_id, name, version, resource_name, tenant_id";

    private static ProcessDefinitionView definition(ResultSet rs) throws SQLException {
        return new ProcessDefinitionView(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getInt(4),
                rs.getString(5), rs.getString(6));
    }

    public Optional<ProcessDefinitionView> processDefinition(long key) {
        Where w = new Where().eq("key", key).raw("kind = 'PROCESS'").raw("NOT deleted");
        return search(DEFINITION_COLUMNS, "engine.resource", w, new Page(0, 1), EngineQueries::definition)
                .items().stream().findFirst();
    }

    public SearchResult<ProcessDefinitionView> processDefinitions(ProcessDefinitionFilter f, Page page) {
        Where w = new Where().raw("kind = 'PROCESS'").raw("NOT deleted").eq("resource_id", f.bpmnProcessId())
                .eq("version", f.version() > 0 ? f.version() : -1);
        if (f.latestOnly()) {
            w.raw("version = (SELECT max(r2.version) FROM engine.resource r2 WHERE r2.kind = 'PROCESS' "
                    + "AND NOT r2.deleted AND r2.resource_id = engine.resource.resource_id AND r2.tenant_id = engine.resource.tenant_id)");
        }
        return search(DEFINITION_COLUMNS, "engine.resource", w, page, EngineQueries::definition);
    }

    public Optional<String> processDefinitionXml(long key) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT content FROM engine.resource WHERE key = ? AND kind = 'PROCESS' AND NOT deleted")) {
            ps.setLong(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new String(rs.getBytes(1), StandardCharsets.UTF_8)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read process definition " + key + ": " + e.getMessage(), e);
        }
    }
}
