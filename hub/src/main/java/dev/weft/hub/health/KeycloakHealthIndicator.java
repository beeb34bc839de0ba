package dev.weft.hub.health;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.hub.security.KeycloakProperties;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

/**
 * Keycloak is healthy when the realm's OpenID Connect discovery document is served and names the issuer the
 * hub validates tokens against. A mismatch (say {@code localhost} against {@code 127.0.0.1}) would make
 * every token fail, so it is reported DOWN with both values.
 */
final class KeycloakHealthIndicator extends AbstractHealthIndicator implements DisposableBean {

    private final KeycloakProperties keycloak;
    private final Duration timeout;
    private final ObjectMapper json;
    private final HttpClient http;

    KeycloakHealthIndicator(KeycloakProperties keycloak, Duration timeout, ObjectMapper json) {
        super("Keycloak health check failed");
        this.keycloak = keycloak;
        this.timeout = timeout;
        this.json = json;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) throws Exception {
        String expectedIssuer = keycloak.expectedIssuer();
        builder.withDetail("issuer", expectedIssuer);
        HttpRequest request = HttpRequest.newBuilder(keycloak.discoveryDocument()).timeout(timeout).GET().build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            builder.down().withDetail("error", "GET " + request.uri() + " answered HTTP " + response.statusCode()
                    + (response.statusCode() == 404 ? " (is realm '" + keycloak.realm() + "' imported?)" : ""));
            return;
        }
        JsonNode discovery = json.readTree(response.body());
        String issuer = discovery.path("issuer").asText();
        if (!expectedIssuer.equals(issuer)) {
            builder.down().withDetail("error", "the realm announces issuer " + issuer
                    + "; tokens would not validate. Use the host the clients use in WEFT_KEYCLOAK_URL, or set"
                    + " WEFT_KEYCLOAK_ISSUER to the issuer the clients' tokens carry.");
            return;
        }
        builder.up().withDetail("jwksUri", discovery.path("jwks_uri").asText());
    }

    @Override
    public void destroy() {
        http.close();
    }
}
