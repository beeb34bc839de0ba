package dev.weft.hub.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.hub.HubIntegrationTest;
import dev.weft.hub.KeycloakTokens;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** With WEFT_KEYCLOAK_URL unset the hub starts, reports no keycloak component and lets nobody in. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class HubWithoutKeycloakTest {

    @LocalServerPort
    int port;

    @Autowired
    ObjectMapper json;

    @Autowired
    ApplicationContext context;

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        HubIntegrationTest.registerServices(registry, "hub_nokc");
        registry.add("weft.keycloak.url", () -> "");
    }

    @Test
    void healthIsUpWithoutAKeycloakComponent() throws Exception {
        HttpResponse<String> response = get("/actuator/health", null);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode health = json.readTree(response.body());
        assertThat(health.path("status").asText()).isEqualTo("UP");
        assertThat(health.path("components").has("keycloak")).isFalse();
        assertThat(health.path("components").has("db")).isTrue();
        assertThat(health.path("components").has("pulsar")).isTrue();
        assertThat(context.getBeansOfType(JwtDecoder.class)).isEmpty();
    }

    @Test
    void everythingElseIsRefusedEvenWithARealToken() throws Exception {
        String token = KeycloakTokens.user("admin");
        for (String path : List.of("/api/me", "/actuator/prometheus", "/api/anything")) {
            HttpResponse<String> anonymous = get(path, null);
            assertThat(anonymous.statusCode()).as(path).isEqualTo(401);
            assertThat(anonymous.body()).as(path).contains("WEFT_KEYCLOAK_URL");
            assertThat(get(path, token).statusCode()).as(path).isEqualTo(401);
        }
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HubIntegrationTest.HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
