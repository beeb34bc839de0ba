package dev.weft.engine.query;

import dev.weft.engine.api.Criterion;
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
import dev.weft.engine.api.Sort;
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

    /** How a searchable column is stored, which decides how v2 operators translate to SQL. */
    private enum Kind {
        /** text; absent is NULL */
        TEXT,
        /** bigint key; absent is NULL or -1 */
        KEY,
        /** integer or bigint number */
        NUMBER,
        /** bigint epoch millis; absent is NULL or 0 */
        MILLIS,
        /** ISO-8601 text (user task due / follow-up dates); absent is NULL */
        ISO_TEXT,
        BOOLEAN,
        /** text holding a JSON array of strings (candidate groups / users): operators apply to any element */
        JSON_ARRAY,
        /**
         * variables of a scope; the column names the scope key. The criterion's field is {@code <property>:<name>}
         * and operators apply to the variable's JSON text, like the v2 variable value filters.
         */
        VARIABLE
    }

    /** A v2 property and the column it is stored in. */
    private record Column(String name, Kind kind) {
    }

    private static Map<String, Column> columns(Object... pairs) {
        Map<String, Column> out = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 3) {
            out.put((String) pairs[i], new Column((String) pairs[i + 1], (Kind) pairs[i + 2]));
        }
        return Map.copyOf(out);
    }

    private static final Map<String, Column> PI_FIELDS = columns(
            "processInstanceKey", "key", Kind.KEY,
            "processDefinitionId", "bpmn_process_id", Kind.TEXT,
            "processDefinitionName", "bpmn_process_id", Kind.TEXT,
            "processDefinitionVersion", "version", Kind.NUMBER,
            "processDefinitionKey", "process_definition_key", Kind.KEY,
            "parentProcessInstanceKey", "parent_process_instance_key", Kind.KEY,
            "parentElementInstanceKey", "parent_element_instance_key", Kind.KEY,
            "startDate", "start_time", Kind.MILLIS,
            "endDate", "end_time", Kind.MILLIS,
            "state", "state", Kind.TEXT,
            "hasIncident", "has_incident", Kind.BOOLEAN,
            "tenantId", "tenant_id", Kind.TEXT,
            "variables", "engine.process_instance.key", Kind.VARIABLE);

    private static final Map<String, Column> INCIDENT_FIELDS = columns(
            "incidentKey", "key", Kind.KEY,
            "processDefinitionKey", "process_definition_key", Kind.KEY,
            "processDefinitionId", "bpmn_process_id", Kind.TEXT,
            "processInstanceKey", "process_instance_key", Kind.KEY,
            "errorType", "error_type", Kind.TEXT,
            "errorMessage", "error_message", Kind.TEXT,
            "elementId", "element_id", Kind.TEXT,
            "elementInstanceKey", "element_instance_key", Kind.KEY,
            "creationTime", "created_at", Kind.MILLIS,
            "state", "state", Kind.TEXT,
            "jobKey", "job_key", Kind.KEY,
            "tenantId", "tenant_id", Kind.TEXT);

    private static final Map<String, Column> USER_TASK_FIELDS = columns(
            "userTaskKey", "key", Kind.KEY,
            "state", "state", Kind.TEXT,
            "assignee", "assignee", Kind.TEXT,
            "priority", "priority", Kind.NUMBER,
            "elementId", "element_id", Kind.TEXT,
            "name", "name", Kind.TEXT,
            "candidateGroup", "candidate_groups", Kind.JSON_ARRAY,
            "candidateUser", "candidate_users", Kind.JSON_ARRAY,
            "tenantId", "tenant_id", Kind.TEXT,
            "processDefinitionId", "bpmn_process_id", Kind.TEXT,
            "creationDate", "created_at", Kind.MILLIS,
            "completionDate", "completed_at", Kind.MILLIS,
            "followUpDate", "follow_up_date", Kind.ISO_TEXT,
            "dueDate", "due_date", Kind.ISO_TEXT,
            "processDefinitionKey", "process_definition_key", Kind.KEY,
            "processInstanceKey", "process_instance_key", Kind.KEY,
            "elementInstanceKey", "element_instance_key", Kind.KEY,
            "processInstanceVariables", "engine.user_task.process_instance_key", Kind.VARIABLE,
            "localVariables", "engine.user_task.element_instance_key", Kind.VARIABLE);

    private static final Map<String, Column> VARIABLE_FIELDS = columns(
            "variableKey", "key", Kind.KEY,
            "name", "name", Kind.TEXT,
            "value", "value", Kind.TEXT,
            "tenantId", "tenant_id", Kind.TEXT,
            "scopeKey", "scope_key", Kind.KEY,
            "processInstanceKey", "process_instance_key", Kind.KEY);

    /** A WHERE clause built from optional filters. */
    private static final class Where {
        final StringBuilder sql = new StringBuilder(" WHERE true");
        final List<Object> args = new ArrayList<>();
        Map<String, Column> fields = Map.of();

        /** Adds the v2 criteria, translated through {@code fields} (the searchable properties of this table). */
        Where criteria(Map<String, Column> fields, List<Criterion> criteria) {
            this.fields = fields;
            for (Criterion c : criteria) {
                sql.append(" AND ");
                criterion(c);
            }
            return this;
        }

        private void criterion(Criterion c) {
            if (c.op() == Criterion.Op.OR) {
                sql.append("(");
                List<?> groups = (List<?>) c.value();
                for (int g = 0; g < groups.size(); g++) {
                    sql.append(g == 0 ? "(true" : " OR (true");
                    for (Object inner : (List<?>) groups.get(g)) {
                        sql.append(" AND ");
                        criterion((Criterion) inner);
                    }
                    sql.append(")");
                }
                sql.append(")");
                return;
            }
            int colon = c.field().indexOf(':');
            Column col = column(colon < 0 ? c.field() : c.field().substring(0, colon));
            if (col.kind() == Kind.VARIABLE) {
                if (colon < 0) {
                    throw new IllegalArgumentException("Property '" + c.field() + "' must name a variable");
                }
                variableCondition(col, c.field().substring(colon + 1), c);
            } else {
                condition(col, c);
            }
        }

        /** A variable of the scope {@code col} names, with {@code name}, whose JSON text meets the criterion. */
        private void variableCondition(Column col, String name, Criterion c) {
            String variable = "SELECT 1 FROM engine.variable v WHERE v.scope_key = " + col.name() + " AND v.name = ?";
            if (c.op() == Criterion.Op.EXISTS) {
                sql.append((Boolean) c.value() ? "EXISTS (" : "NOT EXISTS (").append(variable).append(")");
                args.add(name);
                return;
            }
            sql.append("EXISTS (").append(variable).append(" AND ");
            args.add(name);
            condition(new Column("v.value", Kind.TEXT), c);
            sql.append(")");
        }

        Column column(String field) {
            Column col = fields.get(field);
            if (col == null) {
                throw new IllegalArgumentException("Property '" + field + "' cannot be used to filter or sort this search");
            }
            return col;
        }

        private void condition(Column col, Criterion c) {
            String name = col.name();
            if (c.op() == Criterion.Op.EXISTS) {
                boolean exists = (Boolean) c.value();
                String absent = switch (col.kind()) {
                    case KEY -> "(" + name + " IS NULL OR " + name + " < 0)";
                    case MILLIS -> "(" + name + " IS NULL OR " + name + " = 0)";
                    case JSON_ARRAY -> "(" + name + " IS NULL OR jsonb_array_length(" + name + "::jsonb) = 0)";
                    default -> name + " IS NULL";
                };
                sql.append(exists ? "NOT " + absent : absent);
                return;
            }
            if (col.kind() == Kind.JSON_ARRAY) {
                arrayCondition(name, c);
                return;
            }
            String lhs = col.kind() == Kind.ISO_TEXT ? isoDate(name) : name;
            String param = col.kind() == Kind.ISO_TEXT ? "?::timestamptz" : "?";
            switch (c.op()) {
                case EQ -> bind(lhs + " = " + param, col, c.value());
                // $neq keeps rows without a value, like Camunda's search
                case NEQ -> bind("(" + lhs + " IS DISTINCT FROM " + param + ")", col, c.value());
                case GT -> bind(lhs + " > " + param, col, c.value());
                case GTE -> bind(lhs + " >= " + param, col, c.value());
                case LT -> bind(lhs + " < " + param, col, c.value());
                case LTE -> bind(lhs + " <= " + param, col, c.value());
                case LIKE -> {
                    if (col.kind() != Kind.TEXT) {
                        throw new IllegalArgumentException("Property '" + c.field() + "' does not support $like");
                    }
                    sql.append(name).append(" LIKE ? ESCAPE '\\'");
                    args.add(like((String) c.value()));
                }
                case IN, NOT_IN -> {
                    List<?> values = (List<?>) c.value();
                    sql.append(c.op() == Criterion.Op.NOT_IN ? "(" + lhs + " IS NULL OR " + lhs + " NOT IN (" : lhs + " IN (");
                    for (int i = 0; i < values.size(); i++) {
                        sql.append(i == 0 ? param : ", " + param);
                        args.add(value(col, c.field(), values.get(i)));
                    }
                    sql.append(c.op() == Criterion.Op.NOT_IN ? "))" : ")");
                }
                default -> throw new IllegalStateException("unreachable: " + c.op());
            }
        }

        private void arrayCondition(String name, Criterion c) {
            String elements = "SELECT 1 FROM jsonb_array_elements_text(" + name + "::jsonb) element WHERE element";
            switch (c.op()) {
                case EQ -> {
                    sql.append("EXISTS (").append(elements).append(" = ?)");
                    args.add(String.valueOf(c.value()));
                }
                case NEQ -> {
                    sql.append("NOT EXISTS (").append(elements).append(" = ?)");
                    args.add(String.valueOf(c.value()));
                }
                case LIKE -> {
                    sql.append("EXISTS (").append(elements).append(" LIKE ? ESCAPE '\\')");
                    args.add(like(String.valueOf(c.value())));
                }
                case IN, NOT_IN -> {
                    sql.append(c.op() == Criterion.Op.IN ? "EXISTS (" : "NOT EXISTS (").append(elements).append(" = ANY(?))");
                    args.add(((List<?>) c.value()).stream().map(String::valueOf).toArray(String[]::new));
                }
                default -> throw new IllegalArgumentException("Property '" + c.field() + "' does not support " + c.op().wire());
            }
        }

        private void bind(String condition, Column col, Object value) {
            sql.append(condition);
            args.add(value(col, null, value));
        }

        private static Object value(Column col, String field, Object v) {
            if (col.kind() == Kind.MILLIS && v instanceof Instant i) {
                return i.toEpochMilli();
            }
            if (col.kind() == Kind.ISO_TEXT && v instanceof Instant i) {
                return i.toString();
            }
            return v;
        }

        /** A v2 {@code $like} pattern ({@code *} any characters, {@code ?} one, backslash escapes) as SQL LIKE. */
        private static String like(String pattern) {
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < pattern.length(); i++) {
                char ch = pattern.charAt(i);
                if (ch == '\\' && i + 1 < pattern.length()) {
                    char next = pattern.charAt(++i);
                    if (next == '%' || next == '_' || next == '\\') {
                        out.append('\\');
                    }
                    out.append(next);
                } else if (ch == '*') {
                    out.append('%');
                } else if (ch == '?') {
                    out.append('_');
                } else if (ch == '%' || ch == '_') {
                    out.append('\\').append(ch);
                } else {
                    out.append(ch);
                }
            }
            return out.toString();
        }

        /**
         * An ISO-8601 text column as a timestamp. Only values shaped like a date-time are cast, so one odd value
         * stored by a process (a due date is whatever its expression returned) cannot fail every search.
         */
        private static String isoDate(String column) {
            return "(CASE WHEN " + column + " ~ '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:\\d{2})?$' THEN ("
                    + column + ")::timestamptz END)";
        }

        /** ORDER BY for the page's sort keys, the key last so paging is stable. */
        String orderBy(Page page) {
            StringBuilder order = new StringBuilder(" ORDER BY ");
            for (Sort s : page.sort()) {
                Column col = column(s.field());
                String expr = col.kind() == Kind.ISO_TEXT ? isoDate(col.name()) : col.name();
                order.append(expr).append(s.descending() ? " DESC NULLS LAST, " : " ASC NULLS LAST, ");
            }
            return order.append("key").toString();
        }

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
                    + where.orderBy(page) + " LIMIT ? OFFSET ?")) {
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
            if (args.get(i) instanceof String[] array) {
                ps.setArray(i + 1, ps.getConnection().createArrayOf("text", array));
            } else {
                ps.setObject(i + 1, args.get(i));
            }
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
                .eq("parent_process_instance_key", f.parentProcessInstanceKey()).criteria(PI_FIELDS, f.criteria());
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
                .eq("element_id", f.elementId()).criteria(INCIDENT_FIELDS, f.criteria());
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
        w.criteria(USER_TASK_FIELDS, f.criteria());
        return search(USER_TASK_COLUMNS, "engine.user_task", w, page, EngineQueries::userTask);
    }

    // ---- variables ----

    public SearchResult<VariableView> variables(VariableFilter f, Page page) {
        Where w = new Where().eq("process_instance_key", f.processInstanceKey()).eq("scope_key", f.scopeKey())
                .eq("name", f.name()).criteria(VARIABLE_FIELDS, f.criteria());
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
