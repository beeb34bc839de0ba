package dev.weft.workers.llm.registry;

import java.sql.Array;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;

/** Small JDBC helpers shared by the registry classes. */
public final class Jdbc {

    private Jdbc() {
    }

    /** Runs work in one transaction; SQL errors become {@link DataAccessException}. */
    public static <T> T inTransaction(DataSource ds, SqlWork<T> work) {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new DataAccessException(e);
        }
    }

    /** Runs work on an auto-commit connection. */
    public static <T> T withConnection(DataSource ds, SqlWork<T> work) {
        try (Connection c = ds.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new DataAccessException(e);
        }
    }

    static Array textArray(Connection c, Collection<String> values) throws SQLException {
        return c.createArrayOf("text", new TreeSet<>(values).toArray());
    }

    static Set<String> textSet(Array a) throws SQLException {
        if (a == null) {
            return Set.of();
        }
        return Set.copyOf(Arrays.asList((String[]) a.getArray()));
    }

    @FunctionalInterface
    public interface SqlWork<T> {
        T run(Connection c) throws SQLException;
    }

    /** A database failure that is not the caller's fault. */
    public static final class DataAccessException extends RuntimeException {
        public DataAccessException(SQLException cause) {
            super(cause.getMessage(), cause);
        }
    }
}
