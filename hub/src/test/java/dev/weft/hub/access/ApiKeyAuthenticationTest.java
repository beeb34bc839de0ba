package dev.weft.hub.access;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.hub.HubIntegrationTest;
import dev.weft.hub.KeycloakTokens;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Applications call the hub with their API keys; humans' endpoints stay closed to them. */
class ApiKeyAuthenticationTest extends HubIntegrationTest {

    @Autowired
    ObjectMapper json;

    @Test
    void anApplicationIsRecognisedByItsKeyInEitherHeader() throws Exception {
        Issued issued = issue();

        for (HttpResponse<String> response : java.util.List.of(withApiKeyHeader("/api/me", issued.key()),
                get("/api/me", issued.key()))) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode me = json.readTree(response.body());
            assertThat(me.path("username").asText()).isEqualTo(issued.applicationName());
            assertThat(me.path("subject").asText()).isEqualTo("application:" + issued.applicationId());
            assertThat(me.path("clientId").asText()).isEqualTo(issued.prefix());
            assertThat(me.path("roles").size()).isZero();
        }
    }

    @Test
    void keysOpenNoEndpointMeantForHumans() throws Exception {
        Issued issued = issue();

        assertThat(get("/api/admin/applications", issued.key()).statusCode()).isEqualTo(403);
        assertThat(withApiKeyHeader("/actuator/prometheus", issued.key()).statusCode()).isEqualTo(403);
    }

    @Test
    void aRevokedOrWrongKeyIsRefusedAtOnce() throws Exception {
        Issued issued = issue();
        assertThat(get("/api/me", issued.key()).statusCode()).isEqualTo(200);

        String admin = KeycloakTokens.user("admin");
        assertThat(send("DELETE", "/api/admin/applications/" + issued.applicationId() + "/keys/" + issued.keyId(),
                admin, null).statusCode()).isEqualTo(200);

        HttpResponse<String> revoked = get("/api/me", issued.key());
        assertThat(revoked.statusCode()).isEqualTo(401);
        assertThat(revoked.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                value -> assertThat(value).contains("invalid_token"));
        assertThat(withApiKeyHeader("/api/me", "not-a-key").statusCode()).isEqualTo(401);
        String wrongSecret = issued.prefix() + "_" + "A".repeat(43);
        assertThat(get("/api/me", wrongSecret).statusCode()).isEqualTo(401);
    }

    private record Issued(String applicationId, String applicationName, String keyId, String prefix, String key) {
    }

    private Issued issue() throws Exception {
        String admin = KeycloakTokens.user("admin");
        String name = "caller-" + UUID.randomUUID().toString().substring(0, 8);
        JsonNode app = json.readTree(send("POST", "/api/admin/applications", admin, "{\"name\":\"" + name + "\"}")
                .body());
        JsonNode key = json.readTree(send("POST", "/api/admin/applications/" + app.path("id").asText() + "/keys",
                admin, "{\"scopes\":[\"flow:*\"]}").body());
        return new Issued(app.path("id").asText(), name, key.path("info").path("id").asText(),
                key.path("info").path("prefix").asText(), key.path("key").asText());
    }

    private HttpResponse<String> withApiKeyHeader(String path, String key) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).header("X-Api-Key", key).build(), HttpResponse.BodyHandlers.ofString());
    }
}
