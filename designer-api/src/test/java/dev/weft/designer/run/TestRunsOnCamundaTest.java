package dev.weft.designer.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.designer.DesignerTestApplication;
import dev.weft.designer.Http;
import dev.weft.migrations.WeftMigrations;
import dev.weft.testsupport.TestDatabases;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** A designer deploying to a remote Camunda 8 cluster cannot follow a record log: test runs say so with 501. */
@SpringBootTest(classes = DesignerTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TestRunsOnCamundaTest {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabases.FreshDatabase db = TestDatabases.create("designer_c8");
        WeftMigrations.migrate(db.dataSource());
        registry.add("spring.datasource.url", db::jdbcUrl);
        registry.add("spring.datasource.username", db::user);
        registry.add("spring.datasource.password", db::password);
        registry.add("spring.flyway.enabled", () -> "false");
        registry.add("weft.engine.mode", () -> "camunda");
    }

    @LocalServerPort
    int port;

    @Test
    void everyTestRunEndpointAnswers501NamingTheEmbeddedEngine() {
        Http http = new Http(port);
        Http.Response flow = http.postJson("/api/designer/flows", Map.of("name", "Remote"));
        String base = "/api/designer/flows/" + flow.json().path("id").asText() + "/test-runs";
        Http.Response start = http.postJson(base, Map.of("inputs", Map.of()));
        assertThat(start.status()).isEqualTo(501);
        assertThat(start.json().path("code").asText()).isEqualTo("test-runs-unavailable");
        assertThat(start.json().path("detail").asText()).contains("remote Camunda 8 cluster", "weft.engine.mode=embedded");
        assertThat(http.get(base + "/00000000-0000-0000-0000-000000000001").status()).isEqualTo(501);
        assertThat(http.postJson(base + "/00000000-0000-0000-0000-000000000001/nodes/end/rerun", "{}").status()).isEqualTo(501);
    }
}
