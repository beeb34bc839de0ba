package dev.weft.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.testsupport.WeftServices;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** Real access tokens from the shared Keycloak's realm {@code weft}. */
public final class KeycloakTokens {

    /** Every user of the realm has this password (see services/keycloak/weft-realm.json). */
    public static final String USER_PASSWORD = "weft";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private KeycloakTokens() {
    }

    /** Resource-owner password grant through the public designer client: a human user's token. */
    public static String user(String username) {
        return user("weft-designer", username);
    }

    /** Password grant through any public client of the realm with direct access grants enabled. */
    public static String user(String clientId, String username) {
        return token(Map.of("grant_type", "password", "client_id", clientId,
                "username", username, "password", USER_PASSWORD));
    }

    /** Client-credentials grant for the confidential service client. */
    public static String service() {
        return token(Map.of("grant_type", "client_credentials", "client_id", "weft-service",
                "client_secret", "weft-service-secret"));
    }

    private static String token(Map<String, String> form) {
        String body = new LinkedHashMap<>(form).entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        URI endpoint = URI.create(WeftServices.get().keycloakIssuer() + "/protocol/openid-connect/token");
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(endpoint)
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("Keycloak refused a " + form.get("grant_type") + " grant for client "
                        + form.get("client_id") + " at " + endpoint + ": HTTP " + response.statusCode() + " "
                        + response.body());
            }
            JsonNode json = JSON.readTree(response.body());
            return json.path("access_token").asText();
        } catch (IOException e) {
            throw new IllegalStateException("Keycloak at " + endpoint + " is not reachable: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
