package dev.weft.engine.state;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.postgresql.PGConnection;

/**
 * Appends record-log entries with {@code COPY ... FROM STDIN}: the record log is the largest write of every batch
 * (a dozen events per instance), and COPY moves it in one stream without per-row statement overhead.
 */
final class RecordCopy {

    private static final String SQL = "COPY engine.record (record_type, value_type, intent, key, process_instance_key, "
            + "value, rejection_type, rejection_reason, timestamp, node_id) FROM STDIN";

    private RecordCopy() {
    }

    static void copy(Connection c, List<Rows.LogEntry> entries) throws SQLException {
        if (entries.isEmpty()) {
            return;
        }
        StringBuilder sb = new StringBuilder(entries.size() * 256);
        for (Rows.LogEntry e : entries) {
            text(sb, e.recordType()).append('\t');
            text(sb, e.valueType()).append('\t');
            text(sb, e.intent()).append('\t');
            sb.append(e.key()).append('\t');
            sb.append(e.processInstanceKey()).append('\t');
            text(sb, e.value()).append('\t');
            text(sb, e.rejectionType()).append('\t');
            text(sb, e.rejectionReason()).append('\t');
            sb.append(e.timestamp()).append('\t');
            sb.append(e.nodeId()).append('\n');
        }
        try {
            c.unwrap(PGConnection.class).getCopyAPI().copyIn(SQL, new StringReader(sb.toString()));
        } catch (IOException e) {
            throw new SQLException("Could not stream records to engine.record: " + e.getMessage(), "08006", e);
        }
    }

    /** COPY text format: NULL is \N; backslash, tab, newline and carriage return are escaped. */
    private static StringBuilder text(StringBuilder sb, String v) {
        if (v == null) {
            return sb.append("\\N");
        }
        for (int i = 0; i < v.length(); i++) {
            char ch = v.charAt(i);
            switch (ch) {
                case '\\' -> sb.append("\\\\");
                case '\t' -> sb.append("\\t");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                default -> sb.append(ch);
            }
        }
        return sb;
    }
}
