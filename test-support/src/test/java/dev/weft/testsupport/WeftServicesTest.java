package dev.weft.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WeftServicesTest {

    private static final Map<String, String> FULL_ENV = Map.of(
            "WEFT_DB_URL", "jdbc:postgresql://127.0.0.1:5432/weft",
            "WEFT_DB_USER", "weft",
            "WEFT_DB_PASSWORD", "secret-value",
            "WEFT_REDIS_URL", "redis://127.0.0.1:6379",
            "WEFT_PULSAR_URL", "pulsar://127.0.0.1:6650",
            "WEFT_PULSAR_ADMIN_URL", "http://127.0.0.1:18081",
            "WEFT_KEYCLOAK_URL", "http://127.0.0.1:18080");

    @Test
    void environmentWinsOverDocker() {
        ServiceEndpoints e = WeftServices.resolve(FULL_ENV, () -> true, () -> {
            throw new AssertionError("containers must not start when the environment names the services");
        });
        assertThat(e.source()).isEqualTo("environment");
        assertThat(e.keycloakIssuer()).isEqualTo("http://127.0.0.1:18080/realms/weft");
        assertThat(e.toString()).doesNotContain("secret-value");
    }

    @Test
    void missingEnvironmentWithoutDockerFailsWithInstructions() {
        assertThatThrownBy(() -> WeftServices.resolve(Map.of(), () -> false, () -> null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("./weft test");
    }

    @Test
    void partialEnvironmentNamesTheMissingVariable() {
        assertThatThrownBy(() -> WeftServices.resolve(Map.of("WEFT_DB_URL", "jdbc:postgresql://h:1/d", "WEFT_DB_USER", "u"),
                () -> false, () -> null))
                .hasMessageContaining("WEFT_REDIS_URL");
    }

    @Test
    void replacesTheDatabaseNameKeepingParameters() {
        assertThat(TestDatabases.replaceDatabase("jdbc:postgresql://h:5432/weft?ssl=false", "t_x"))
                .isEqualTo("jdbc:postgresql://h:5432/t_x?ssl=false");
    }

    @Test
    void freshDatabasesAreIsolatedAndHavePgvector() throws Exception {
        var a = TestDatabases.create("support");
        var b = TestDatabases.create("support");
        assertThat(a.name()).isNotEqualTo(b.name()).startsWith("t_support_");
        try (Connection c = a.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE probe (v vector(3))");
            s.execute("INSERT INTO probe VALUES ('[1,2,3]')");
            try (ResultSet rs = s.executeQuery("SELECT v <-> '[1,2,4]' FROM probe")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getDouble(1)).isEqualTo(1.0);
            }
        }
        try (Connection c = b.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_tables WHERE tablename = 'probe'")) {
            rs.next();
            assertThat(rs.getInt(1)).isZero();
        }
    }
}
