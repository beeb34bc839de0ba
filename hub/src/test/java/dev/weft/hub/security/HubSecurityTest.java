package dev.weft.hub.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.weft.hub.HubIntegrationTest;
import dev.weft.hub.KeycloakTokens;
import dev.weft.hub.TestClockConfiguration.AdjustableClock;
import dev.weft.testsupport.WeftServices;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class HubSecurityTest extends HubIntegrationTest {

    @Autowired
    ObjectMapper json;

    @Autowired
    AdjustableClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void anonymousCallersAreAskedToAuthenticate() throws Exception {
        for (String path : List.of("/api/me", "/actuator/prometheus", "/actuator/info", "/api/unknown")) {
            HttpResponse<String> response = anonymousGet(path);
            assertThat(response.statusCode()).as(path).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate")).as(path).hasValueSatisfying(
                    value -> assertThat(value).startsWith("Bearer"));
        }
    }

    @Test
    void aViewerSeesWhoTheyAreWithTheirRealmRoles() throws Exception {
        HttpResponse<String> response = get("/api/me", KeycloakTokens.user("viewer"));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode me = json.readTree(response.body());
        assertThat(me.path("username").asText()).isEqualTo("viewer");
        assertThat(me.path("subject").asText()).isNotBlank();
        assertThat(me.path("clientId").asText()).isEqualTo("weft-designer");
        assertThat(roles(me)).contains("viewer").doesNotContain("operator", "admin");
    }

    @Test
    void anOperatorSeesTheOperatorRole() throws Exception {
        HttpResponse<String> response = get("/api/me", KeycloakTokens.user("operator"));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode me = json.readTree(response.body());
        assertThat(me.path("username").asText()).isEqualTo("operator");
        assertThat(roles(me)).contains("operator").doesNotContain("viewer", "admin");
    }

    @Test
    void theServiceClientAuthenticatesWithClientCredentialsAsAdmin() throws Exception {
        HttpResponse<String> response = get("/api/me", KeycloakTokens.service());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode me = json.readTree(response.body());
        assertThat(me.path("clientId").asText()).isEqualTo("weft-service");
        assertThat(me.path("username").asText()).isEqualTo("service-account-weft-service");
        assertThat(roles(me)).contains("admin");
    }

    @Test
    void prometheusIsForOperatorsAndAdminsOnly() throws Exception {
        assertThat(get("/actuator/prometheus", KeycloakTokens.user("viewer")).statusCode()).isEqualTo(403);
        assertThat(get("/actuator/prometheus", KeycloakTokens.user("designer")).statusCode()).isEqualTo(403);

        HttpResponse<String> operator = get("/actuator/prometheus", KeycloakTokens.user("operator"));
        assertThat(operator.statusCode()).isEqualTo(200);
        assertThat(operator.body()).contains("jvm_memory_used_bytes", "http_server_requests");

        assertThat(get("/actuator/prometheus", KeycloakTokens.service()).statusCode()).isEqualTo(200);
    }

    @Test
    void aTokenSignedByAnotherKeyIsRejected() throws Exception {
        // Everything Keycloak would write, signed with a key the realm never published.
        RSAKey foreignKey = new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(WeftServices.get().keycloakIssuer())
                .audience(List.of("weft-hub"))
                .subject(UUID.randomUUID().toString())
                .claim("preferred_username", "admin")
                .claim("realm_access", Map.of("roles", List.of("admin", "operator")))
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofMinutes(5))))
                .build();
        SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(foreignKey.getKeyID()).build(),
                claims);
        forged.sign(new RSASSASigner(foreignKey));

        HttpResponse<String> response = get("/api/me", forged.serialize());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                value -> assertThat(value).contains("invalid_token"));
    }

    @Test
    void aRealmTokenForAnotherAudienceIsRejected() throws Exception {
        // admin-cli exists in every realm and has no weft-hub audience mapper: a genuine token, not for us.
        String notForTheHub = KeycloakTokens.user("admin-cli", "admin");

        HttpResponse<String> response = get("/api/me", notForTheHub);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                value -> assertThat(value).contains("invalid_token").contains("aud"));
    }

    @Test
    void anExpiredTokenIsRejected() throws Exception {
        String token = KeycloakTokens.user("operator");
        assertThat(get("/api/me", token).statusCode()).isEqualTo(200);

        // The realm's tokens live 15 minutes; an hour later (plus any clock skew) this one is long expired.
        clock.advance(Duration.ofHours(1));
        HttpResponse<String> response = get("/api/me", token);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                value -> assertThat(value).contains("invalid_token").contains("expired"));
    }

    @Test
    void aMalformedTokenIsRejected() throws Exception {
        assertThat(get("/api/me", "not-a-jwt").statusCode()).isEqualTo(401);
    }

    private static List<String> roles(JsonNode me) {
        List<String> roles = new java.util.ArrayList<>();
        me.path("roles").forEach(role -> roles.add(role.asText()));
        return roles;
    }
}
