package dev.weft.engine.state;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Keys in Zeebe's layout: {@code partitionId << 51 | counter}. Counters are reserved from {@code engine.key_block}
 * in blocks, in their own short transaction, so engines sharing a database never hand out the same key and a batch
 * transaction never holds the counter row. Keys of a block lost in a crash are simply never used.
 */
public final class KeyGenerator {

    public static final int PARTITION_BITS = 51;

    private final DataSource dataSource;
    private final int partitionId;
    private final int blockSize;
    private long next;
    private long limit;
    private Connection connection;

    public KeyGenerator(DataSource dataSource, int partitionId, int blockSize) {
        this.dataSource = dataSource;
        this.partitionId = partitionId;
        this.blockSize = blockSize;
    }

    public static int partitionOf(long key) {
        return (int) (key >>> PARTITION_BITS);
    }

    public synchronized long nextKey() {
        if (next >= limit) {
            reserve();
        }
        return ((long) partitionId << PARTITION_BITS) | next++;
    }

    private void reserve() {
        try {
            // A dedicated connection: opening one per block costs more than the block is worth.
            if (connection == null || connection.isClosed()) {
                connection = dataSource.getConnection();
                connection.setAutoCommit(true);
            }
            Connection c = connection;
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO engine.key_block (partition_id, next_value) VALUES (?, 1 + ?) "
                            + "ON CONFLICT (partition_id) DO UPDATE SET next_value = engine.key_block.next_value + ? "
                            + "RETURNING next_value")) {
                ps.setInt(1, partitionId);
                ps.setLong(2, blockSize);
                ps.setLong(3, blockSize);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    limit = rs.getLong(1);
                    next = limit - blockSize;
                }
            }
        } catch (SQLException e) {
            close();
            throw new IllegalStateException("Could not reserve keys from engine.key_block: " + e.getMessage(), e);
        }
    }

    /** Releases the dedicated connection. */
    public synchronized void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // the connection is going away either way
            }
            connection = null;
        }
    }
}
