package dev.weft.engine.query;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * A read-only feed over the ordered record log ({@code engine.record}) of one process instance: what a debugger or
 * a test-run view follows to see elements start and end, variables change, jobs and incidents come and go.
 *
 * <p>Ordering: commands on one process instance are applied one after the other, each in its own committed batch,
 * so the positions of one instance's records become visible in ascending order. Reading "after the last position
 * seen" therefore never skips a record of that instance (the cross-instance gaps the exporter must wait out do not
 * occur within one instance). Reads committed data only; never locks.
 */
public final class RecordFeed {

    /** Most records one call returns, whatever the caller asks for. */
    public static final int MAX_LIMIT = 10_000;

    /**
     * One entry of the record log.
     *
     * @param value the record value as JSON text, shaped after Zeebe's record values (e.g. a PROCESS_INSTANCE value
     *              has {@code elementId}, {@code bpmnElementType}, {@code flowScopeKey}; a VARIABLE value has
     *              {@code name}, {@code value} (JSON text) and {@code scopeKey})
     */
    public record Entry(long position, String recordType, String valueType, String intent, long key,
                        long processInstanceKey, long timestamp, String value) {
    }

    private final DataSource dataSource;

    public RecordFeed(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /**
     * The events of a process instance (and of nothing else) with a position greater than {@code afterPosition},
     * in position order, at most {@code limit} of them (capped at {@link #MAX_LIMIT}). Rejections are left out: they
     * changed nothing.
     */
    public List<Entry> after(long processInstanceKey, long afterPosition, int limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be positive, got " + limit);
        }
        List<Entry> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT position, record_type, value_type, intent, key, "
                     + "process_instance_key, timestamp, value FROM engine.record WHERE process_instance_key = ? "
                     + "AND position > ? AND record_type = 'EVENT' ORDER BY position LIMIT ?")) {
            ps.setLong(1, processInstanceKey);
            ps.setLong(2, afterPosition);
            ps.setInt(3, Math.min(limit, MAX_LIMIT));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Entry(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5),
                            rs.getLong(6), rs.getLong(7), rs.getString(8)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Reading the record log of process instance " + processInstanceKey
                    + " failed: " + e.getMessage(), e);
        }
        return out;
    }
}
