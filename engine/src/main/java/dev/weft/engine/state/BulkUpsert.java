package dev.weft.engine.state;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Collects the writes of one table for a batch, written with the other tables' in one round trip (see
 * {@link Tables#flush}): {@code INSERT ... SELECT * FROM unnest(arrays) ON CONFLICT}
 * and {@code DELETE ... WHERE key = ANY(array)}. Rows are coalesced by key, so a row inserted and updated in the
 * same batch is written once, and one inserted and deleted is not written at all.
 *
 * @param <R> the row type
 */
public final class BulkUpsert<R> {

    /** One column: its SQL array element type and how to read it from a row. */
    public record Column<R>(String name, String sqlType, Function<R, Object> getter) {
    }

    private final String table;
    private final List<Column<R>> columns;
    private final String conflictClause;
    private final Map<Long, R> upserts = new LinkedHashMap<>();
    private final Map<Long, Boolean> deletes = new LinkedHashMap<>();
    private final java.util.Set<Long> insertedHere = new java.util.HashSet<>();

    /**
     * @param conflictClause e.g. {@code "ON CONFLICT (key) DO UPDATE SET state = excluded.state"}; the first column
     *                       must be the bigint key
     */
    public BulkUpsert(String table, List<Column<R>> columns, String conflictClause) {
        this.table = table;
        this.columns = List.copyOf(columns);
        this.conflictClause = conflictClause;
    }

    /** Marks a row as new in this batch (so a delete in the same batch cancels it out). */
    public void insert(long key, R row) {
        insertedHere.add(key);
        deletes.remove(key);
        upserts.put(key, row);
    }

    public void upsert(long key, R row) {
        deletes.remove(key);
        upserts.put(key, row);
    }

    public void delete(long key) {
        upserts.remove(key);
        if (!insertedHere.contains(key)) {
            deletes.put(key, Boolean.TRUE);
        }
    }

    public boolean isEmpty() {
        return upserts.isEmpty() && deletes.isEmpty();
    }

    /**
     * Adds this table's writes to a statement of data-modifying CTEs (see {@link Tables#flush}): a DELETE by key
     * array and an {@code INSERT ... SELECT FROM unnest(...)}; their parameters are appended to {@code params}. The
     * deleted and upserted keys are disjoint, so the two never touch the same row.
     */
    void appendTo(Connection c, List<String> ctes, List<Object> params) throws SQLException {
        if (!deletes.isEmpty()) {
            ctes.add("DELETE FROM " + table + " WHERE key = ANY(?)");
            params.add(c.createArrayOf("bigint", deletes.keySet().toArray(new Long[0])));
        }
        if (!upserts.isEmpty()) {
            StringBuilder sql = new StringBuilder("INSERT INTO ").append(table).append(" (");
            StringBuilder args = new StringBuilder();
            for (int i = 0; i < columns.size(); i++) {
                Column<R> col = columns.get(i);
                sql.append(i == 0 ? "" : ", ").append(col.name());
                args.append(i == 0 ? "" : ", ").append("?::").append(col.sqlType()).append("[]");
            }
            sql.append(") SELECT * FROM unnest(").append(args).append(") ").append(conflictClause);
            ctes.add(sql.toString());
            List<R> rows = new ArrayList<>(upserts.values());
            for (Column<R> col : columns) {
                Object[] values = new Object[rows.size()];
                for (int r = 0; r < rows.size(); r++) {
                    values[r] = col.getter().apply(rows.get(r));
                }
                params.add(c.createArrayOf(col.sqlType(), values));
            }
        }
        clear();
    }

    public void clear() {
        upserts.clear();
        deletes.clear();
        insertedHere.clear();
    }
}
