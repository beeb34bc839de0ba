package dev.weft.migrations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.testsupport.TestDatabases;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

class WeftMigrationsTest {

    @Test
    void appliesTheWholeStreamToAFreshDatabase() throws Exception {
        DataSource ds = TestDatabases.create("migrations").dataSource();

        var result = WeftMigrations.migrate(ds);

        assertThat(result.success).isTrue();
        assertThat(result.migrationsExecuted).isPositive();
        assertThat(schemas(ds)).containsAll(WeftMigrations.SCHEMAS);
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT extversion FROM pg_extension WHERE extname = 'vector'")) {
            assertThat(rs.next()).as("vector extension enabled").isTrue();
        }
    }

    @Test
    void migratingTwiceChangesNothing() {
        DataSource ds = TestDatabases.create("migrations").dataSource();
        WeftMigrations.migrate(ds);

        var second = WeftMigrations.migrate(ds);

        assertThat(second.migrationsExecuted).isZero();
        assertThat(WeftMigrations.flyway(ds).validateWithResult().validationSuccessful).isTrue();
    }

    @Test
    void migrationFileNamesFollowTheTimestampConvention() {
        var infos = WeftMigrations.flyway(TestDatabases.create("migrations").dataSource()).info().all();
        assertThat(infos).isNotEmpty();
        for (var info : infos) {
            assertThat(info.getScript()).as("migration file name")
                    .matches("V\\d{12}__[a-z0-9_]+\\.sql");
        }
    }

    private static List<String> schemas(DataSource ds) throws Exception {
        List<String> names = new ArrayList<>();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT schema_name FROM information_schema.schemata")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }
}
