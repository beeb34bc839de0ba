package dev.weft.migrations;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Applies Weft's single migration stream ({@code classpath:db/migration}) to a database.
 *
 * <p>Spring Boot applications get the same through Flyway auto-configuration; this entry point is for the
 * engine running standalone, for tests and for benchmarks.
 */
public final class WeftMigrations {

    /** Where the SQL lives on the classpath. */
    public static final String LOCATION = "classpath:db/migration";

    /** The schemas the stream owns, in the order they are created. */
    public static final java.util.List<String> SCHEMAS = java.util.List.of("engine", "llm", "access", "designer", "rag", "ops");

    private WeftMigrations() {
    }

    /** Brings the database up to the newest migration; safe to call on an up-to-date database. */
    public static MigrateResult migrate(DataSource dataSource) {
        return flyway(dataSource).migrate();
    }

    /** The configured Flyway instance, for callers that want to validate or inspect. */
    public static Flyway flyway(DataSource dataSource) {
        return Flyway.configure()
                .dataSource(dataSource)
                .locations(LOCATION)
                // flyway_schema_history lives in public: it belongs to the stream, not to one area.
                .defaultSchema("public")
                .createSchemas(false)
                .load();
    }
}
