package dev.weft.hub.startup;

import java.sql.SQLException;
import java.util.Set;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.env.Environment;

/**
 * Explains the start-up failures a newcomer meets first: PostgreSQL not running, the {@code weft} database
 * or role missing, and a PostgreSQL without the pgvector extension. Each gets a cause and the command that
 * fixes it, instead of a Flyway/Hikari stack trace.
 */
public final class DatabaseFailureAnalyzer implements FailureAnalyzer {

    private static final Set<String> BAD_CREDENTIALS = Set.of("28000", "28P01");

    private final Environment environment;

    /** Boot passes the failed application's environment (null when it failed before having one). */
    public DatabaseFailureAnalyzer(Environment environment) {
        this.environment = environment;
    }

    @Override
    public FailureAnalysis analyze(Throwable failure) {
        String url = printableUrl(property("spring.datasource.url", "(spring.datasource.url is not set)"));
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String message = t.getMessage() == null ? "" : t.getMessage();
            if (missingPgvector(message)) {
                return new FailureAnalysis(
                        "The PostgreSQL server at " + url + " has no pgvector extension: " + firstLine(message),
                        "Run ./weft services up, which builds and installs pgvector from Debian's source package,"
                                + " or install the 'vector' extension into that server.",
                        failure);
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                FailureAnalysis analysis = analyze(sql, url, failure);
                if (analysis != null) {
                    return analysis;
                }
            }
        }
        return null;
    }

    private FailureAnalysis analyze(SQLException sql, String url, Throwable failure) {
        String state = sql.getSQLState();
        if (state.startsWith("08")) {
            return new FailureAnalysis(
                    "Cannot reach PostgreSQL at " + url + ": " + firstLine(sql.getMessage()),
                    "Start it with ./weft services up, or point WEFT_DB_URL at a running PostgreSQL 15+ with pgvector.",
                    failure);
        }
        if (state.equals("3D000")) {
            return new FailureAnalysis(
                    "The database in " + url + " does not exist: " + firstLine(sql.getMessage()),
                    "Run ./weft services up, which creates the 'weft' role and database, or set WEFT_DB_URL.",
                    failure);
        }
        if (BAD_CREDENTIALS.contains(state)) {
            return new FailureAnalysis(
                    "PostgreSQL at " + url + " refused user '" + property("spring.datasource.username", "?")
                            + "': " + firstLine(sql.getMessage()),
                    "Check WEFT_DB_USER and WEFT_DB_PASSWORD (./weft services up creates user 'weft', password"
                            + " 'weft').",
                    failure);
        }
        return null;
    }

    static boolean missingPgvector(String message) {
        // PostgreSQL 15 names the missing control file; 16+ says the extension is not available.
        return message.contains("/vector.control") || message.contains("extension \"vector\" is not available");
    }

    private String property(String name, String fallback) {
        return environment == null ? fallback : environment.getProperty(name, fallback);
    }

    /** The URL without query parameters: they may carry a password. */
    static String printableUrl(String jdbcUrl) {
        int query = jdbcUrl.indexOf('?');
        return query < 0 ? jdbcUrl : jdbcUrl.substring(0, query);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).strip();
    }
}
