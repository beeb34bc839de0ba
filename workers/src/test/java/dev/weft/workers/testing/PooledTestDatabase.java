package dev.weft.workers.testing;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.weft.migrations.WeftMigrations;
import dev.weft.testsupport.TestDatabases;

/**
 * A fresh, migrated test database behind a small connection pool, as the hub runs it: routing reads the
 * registry on every call, and a new connection per query would measure PostgreSQL's connection set-up instead.
 */
public final class PooledTestDatabase {

    private PooledTestDatabase() {
    }

    public static HikariDataSource create(String label) {
        return create(label, 4);
    }

    /** With a given pool size: tests that also run the engine on the same pool need more connections. */
    public static HikariDataSource create(String label, int maxPoolSize) {
        TestDatabases.FreshDatabase db = TestDatabases.create(label);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(db.jdbcUrl());
        config.setUsername(db.user());
        config.setPassword(db.password());
        config.setMaximumPoolSize(maxPoolSize);
        config.setMinimumIdle(0);
        config.setPoolName("test-" + db.name());
        HikariDataSource ds = new HikariDataSource(config);
        WeftMigrations.migrate(ds);
        return ds;
    }

    /** Empties every table of schema llm, so a test class can share one migrated database between tests. */
    public static void truncateLlm(javax.sql.DataSource ds) {
        try (var c = ds.getConnection(); var s = c.createStatement()) {
            s.execute("TRUNCATE llm.usage_ledger, llm.semantic_cache, llm.model_health, llm.route_rule, llm.route_fallback,"
                    + " llm.route_target, llm.route, llm.model, llm.provider CASCADE");
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
