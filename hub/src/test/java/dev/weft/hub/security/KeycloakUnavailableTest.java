package dev.weft.hub.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.hub.HubIntegrationTest;
import dev.weft.hub.KeycloakTokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Keycloak configured but not answering: health says so, and token checks answer 503 instead of 500 or 401. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class KeycloakUnavailableTest {

    private static final String DEAD_KEYCLOAK = "http://127.0.0.1:" + closedPort();

    @LocalServerPort
    int port;

    @Autowired
    ObjectMapper json;

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        HubIntegrationTest.registerServices(registry, "hub_kcdown");
        registry.add("weft.keycloak.url", () -> DEAD_KEYCLOAK);
    }

    @Test
    void healthReportsKeycloakDownAndTheRestUp() throws Exception {
        HttpResponse<String> response = get("/actuator/health", null);

        assertThat(response.statusCode()).isEqualTo(503);
        JsonNode components = json.readTree(response.body()).path("components");
        assertThat(components.path("keycloak").path("status").asText()).isEqualTo("DOWN");
        assertThat(components.path("keycloak").path("details").path("issuer").asText())
                .isEqualTo(DEAD_KEYCLOAK + "/realms/weft");
        assertThat(components.path("keycloak").path("details").path("error").asText()).isNotBlank();
        assertThat(components.path("db").path("status").asText()).isEqualTo("UP");
    }

    @Test
    void aTokenThatCannotBeCheckedIsAnsweredWith503NamingKeycloak() throws Exception {
        HttpResponse<String> response = get("/api/me", KeycloakTokens.user("viewer"));

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).isPresent();
        assertThat(json.readTree(response.body()).path("detail").asText()).contains("Keycloak at " + DEAD_KEYCLOAK);
        assertThat(get("/api/me", null).statusCode()).as("no token is still the caller's problem").isEqualTo(401);
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HubIntegrationTest.HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
