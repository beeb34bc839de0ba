package dev.weft.engine.state;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Appends record-log entries as part of a batch's single write statement (see {@link Tables#flush}): an
 * {@code INSERT ... SELECT FROM unnest(...) WITH ORDINALITY ORDER BY ordinality}, so positions follow the order the
 * events were appended in.
 */
final class RecordLog {

    private static final String SQL = "INSERT INTO engine.record (record_type, value_type, intent, key, "
            + "process_instance_key, value, rejection_type, rejection_reason, timestamp, node_id) "
            + "SELECT t.record_type, t.value_type, t.intent, t.key, t.process_instance_key, t.value::json, "
            + "t.rejection_type, t.rejection_reason, t.timestamp, t.node_id "
            + "FROM unnest(?::text[], ?::text[], ?::text[], ?::bigint[], ?::bigint[], ?::text[], ?::text[], ?::text[], "
            + "?::bigint[], ?::int4[]) WITH ORDINALITY AS t(record_type, value_type, intent, key, process_instance_key, "
            + "value, rejection_type, rejection_reason, timestamp, node_id, n) ORDER BY t.n";

    private RecordLog() {
    }

    static void appendTo(Connection c, List<Rows.LogEntry> entries, List<String> ctes, List<Object> params)
            throws SQLException {
        if (entries.isEmpty()) {
            return;
        }
        int n = entries.size();
        Object[] recordType = new Object[n];
        Object[] valueType = new Object[n];
        Object[] intent = new Object[n];
        Object[] key = new Object[n];
        Object[] instance = new Object[n];
        Object[] value = new Object[n];
        Object[] rejectionType = new Object[n];
        Object[] rejectionReason = new Object[n];
        Object[] timestamp = new Object[n];
        Object[] node = new Object[n];
        for (int i = 0; i < n; i++) {
            Rows.LogEntry e = entries.get(i);
            recordType[i] = e.recordType();
            valueType[i] = e.valueType();
            intent[i] = e.intent();
            key[i] = e.key();
            instance[i] = e.processInstanceKey();
            value[i] = e.value();
            rejectionType[i] = e.rejectionType();
            rejectionReason[i] = e.rejectionReason();
            timestamp[i] = e.timestamp();
            node[i] = e.nodeId();
        }
        ctes.add(SQL);
        params.add(c.createArrayOf("text", recordType));
        params.add(c.createArrayOf("text", valueType));
        params.add(c.createArrayOf("text", intent));
        params.add(c.createArrayOf("bigint", key));
        params.add(c.createArrayOf("bigint", instance));
        params.add(c.createArrayOf("text", value));
        params.add(c.createArrayOf("text", rejectionType));
        params.add(c.createArrayOf("text", rejectionReason));
        params.add(c.createArrayOf("bigint", timestamp));
        params.add(c.createArrayOf("int4", node));
    }
}
