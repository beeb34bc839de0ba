package dev.weft.hub;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.migrations.WeftMigrations;
import dev.weft.testsupport.WeftServices;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;

class WeftHubApplicationTest extends HubIntegrationTest {

    @Autowired
    JdbcTemplate jdbc;

    @Value("${test.database.name}")
    String databaseName;

    @Autowired
    ObjectMapper json;

    @Test
    void startsOnAFreshDatabaseAndAppliesEveryMigration() {
        assertThat(jdbc.queryForObject("SELECT current_database()", String.class)).isEqualTo(databaseName);
        List<String> applied = jdbc.queryForList(
                "SELECT script FROM public.flyway_schema_history WHERE success ORDER BY installed_rank", String.class);
        assertThat(applied).isNotEmpty().contains("V202611271300__schemas_and_vector.sql");
        List<String> failed = jdbc.queryForList(
                "SELECT script FROM public.flyway_schema_history WHERE NOT success", String.class);
        assertThat(failed).isEmpty();
        List<String> schemas = jdbc.queryForList(
                "SELECT schema_name FROM information_schema.schemata", String.class);
        assertThat(schemas).containsAll(WeftMigrations.SCHEMAS);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM pg_extension WHERE extname = 'vector'", Integer.class))
                .isEqualTo(1);
    }

    @Test
    void healthIsUpWithDatabaseRedisPulsarAndKeycloakAndNeedsNoToken() throws Exception {
        HttpResponse<String> response = anonymousGet("/actuator/health");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode health = json.readTree(response.body());
        assertThat(health.path("status").asText()).as(response.body()).isEqualTo("UP");
        JsonNode components = health.path("components");
        List<String> names = new ArrayList<>();
        components.fieldNames().forEachRemaining(names::add);
        assertThat(names).contains("db", "redis", "pulsar", "keycloak");
        for (String name : List.of("db", "redis", "pulsar", "keycloak")) {
            assertThat(components.path(name).path("status").asText()).as(name + ": " + components.path(name))
                    .isEqualTo("UP");
        }
        assertThat(components.path("db").path("details").path("database").asText()).isEqualTo("PostgreSQL");
        assertThat(components.path("redis").path("details").path("version").asText()).isNotBlank();
        assertThat(components.path("pulsar").path("details").path("namespaces").toString()).contains("public/default");
        assertThat(components.path("keycloak").path("details").path("issuer").asText())
                .isEqualTo(WeftServices.get().keycloakIssuer());
        assertThat(components.path("keycloak").path("details").path("jwksUri").asText())
                .startsWith(WeftServices.get().keycloakIssuer());
    }

    @Test
    void healthDetailsDoNotRevealTheDatabasePassword() throws Exception {
        String password = WeftServices.get().dbPassword();
        HttpResponse<String> response = anonymousGet("/actuator/health");

        assertThat(response.body()).doesNotContain("password");
        if (!password.isEmpty()) {
            assertThat(response.body()).doesNotContain("\"" + password + "\"");
        }
    }
}
