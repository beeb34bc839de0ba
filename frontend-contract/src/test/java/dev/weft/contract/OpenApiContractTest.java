package dev.weft.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.weft.migrations.WeftMigrations;
import dev.weft.testsupport.TestDatabases;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The committed OpenAPI document is what the code serves. When the API changes, regenerate the file with the
 * command in the failure message and commit it with the change.
 */
@SpringBootTest(classes = ContractApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"springdoc.api-docs.version=openapi_3_1", "springdoc.paths-to-match=/api/designer/**",
                "spring.flyway.enabled=false", "weft.engine.mode=off"})
class OpenApiContractTest {

    static final Path COMMITTED = Path.of("src/main/resources/openapi/weft-designer.json");
    static final String REGENERATE = "./mvnw -B -q -pl frontend-contract -am test -Dtest=OpenApiContractTest "
            + "-Dsurefire.failIfNoSpecifiedTests=false -Dweft.contract.write=true";

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabases.FreshDatabase db = TestDatabases.create("contract");
        WeftMigrations.migrate(db.dataSource());
        registry.add("spring.datasource.url", db::jdbcUrl);
        registry.add("spring.datasource.username", db::user);
        registry.add("spring.datasource.password", db::password);
    }

    @LocalServerPort
    int port;

    @Test
    void theCommittedOpenApiDocumentMatchesTheCode() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v3/api-docs")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode served = Schemas.JSON.readTree(r.body());
        // The server URL carries the random test port; the committed document names no server.
        ((com.fasterxml.jackson.databind.node.ObjectNode) served).remove("servers");
        String pretty = Schemas.JSON.copy().enable(SerializationFeature.INDENT_OUTPUT)
                .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).writeValueAsString(served) + "\n";
        if (Boolean.getBoolean("weft.contract.write")) {
            Files.writeString(COMMITTED, pretty, StandardCharsets.UTF_8);
        }
        assertThat(served.path("openapi").asText()).startsWith("3.1");
        assertThat(served.path("paths").has("/api/designer/flows/{id}/draft")).isTrue();
        JsonNode committed = Files.exists(COMMITTED) ? Schemas.JSON.readTree(Files.readString(COMMITTED)) : null;
        assertThat(served).as("The designer API changed but " + COMMITTED + " did not. Regenerate it with:\n  " + REGENERATE
                + "\nand commit the file.").isEqualTo(committed);
    }
}
