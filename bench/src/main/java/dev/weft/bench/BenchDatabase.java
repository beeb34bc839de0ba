package dev.weft.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A database of its own for one benchmark run, created on the server that {@code WEFT_DB_URL} names (the services
 * {@code ./weft} starts) and dropped again on {@link #close()}, so runs never see each other's rows.
 *
 * @param url      JDBC URL of the created database
 * @param user     PostgreSQL user
 * @param password PostgreSQL password
 */
public record BenchDatabase(String name, String url, String user, String password, String serverUrl)
        implements AutoCloseable {

    /** Creates {@code bench_<label>_<suffix>}. */
    public static BenchDatabase create(String label) throws SQLException {
        String serverUrl = env("WEFT_DB_URL", "jdbc:postgresql://127.0.0.1:5432/weft");
        String user = env("WEFT_DB_USER", "weft");
        String password = env("WEFT_DB_PASSWORD", "weft");
        String name = "bench_" + label + "_" + Long.toString(System.nanoTime(), 36);
        try (Connection admin = DriverManager.getConnection(serverUrl, user, password);
             Statement s = admin.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return new BenchDatabase(name, serverUrl.replaceFirst("/[^/?]+(\\?|$)", "/" + name + "$1"), user, password,
                serverUrl);
    }

    @Override
    public void close() throws SQLException {
        try (Connection admin = DriverManager.getConnection(serverUrl, user, password);
             Statement s = admin.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }

    @Override
    public String toString() {
        return "BenchDatabase[" + url + "]";
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
