package dev.weft.testsupport;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Fresh, isolated PostgreSQL databases for tests, so that modules and test classes running at the same time
 * never see each other's rows. Names start with {@code t_}; {@code ./weft test} drops old ones before a run.
 */
public final class TestDatabases {

    /** Prefix of every database this class creates. {@code ./weft} drops databases with this prefix. */
    public static final String PREFIX = "t_";

    private static final Pattern SAFE = Pattern.compile("[a-z0-9_]{1,30}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private TestDatabases() {
    }

    /**
     * Creates an empty database with the {@code vector} extension installed.
     *
     * @param label a short lowercase label naming the test or module, e.g. {@code "engine"}
     */
    public static FreshDatabase create(String label) {
        String clean = label.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        if (!SAFE.matcher(clean).matches()) {
            clean = clean.substring(0, Math.min(30, clean.length()));
        }
        String name = PREFIX + clean + "_" + Long.toString(RANDOM.nextLong() & Long.MAX_VALUE, 36);
        ServiceEndpoints services = WeftServices.get();
        try (Connection c = DriverManager.getConnection(services.jdbcUrl(), services.dbUser(), services.dbPassword());
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create test database " + name + " on " + services.jdbcUrl()
                    + " as " + services.dbUser() + ": " + e.getMessage(), e);
        }
        FreshDatabase db = new FreshDatabase(name, replaceDatabase(services.jdbcUrl(), name),
                services.dbUser(), services.dbPassword());
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE EXTENSION IF NOT EXISTS vector");
        } catch (SQLException e) {
            throw new IllegalStateException("The pgvector extension is not available in " + services.jdbcUrl()
                    + " (" + e.getMessage() + "). './weft services up' builds and installs it.", e);
        }
        return db;
    }

    static String replaceDatabase(String jdbcUrl, String database) {
        // jdbc:postgresql://host:port/db?params -> jdbc:postgresql://host:port/<database>?params
        int slash = jdbcUrl.indexOf('/', "jdbc:postgresql://".length());
        if (!jdbcUrl.startsWith("jdbc:postgresql://") || slash < 0) {
            throw new IllegalArgumentException("Expected a jdbc:postgresql://host:port/database URL, got " + jdbcUrl);
        }
        int query = jdbcUrl.indexOf('?', slash);
        return jdbcUrl.substring(0, slash + 1) + database + (query < 0 ? "" : jdbcUrl.substring(query));
    }

    /** One created database and how to reach it. */
    public record FreshDatabase(String name, String jdbcUrl, String user, String password) {

        public DataSource dataSource() {
            PGSimpleDataSource ds = new PGSimpleDataSource();
            ds.setUrl(jdbcUrl);
            ds.setUser(user);
            ds.setPassword(password);
            return ds;
        }

        @Override
        public String toString() {
            return "FreshDatabase[" + name + ", " + jdbcUrl + "]";
        }
    }
}
