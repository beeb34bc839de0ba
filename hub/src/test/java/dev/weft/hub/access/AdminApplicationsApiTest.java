package dev.weft.hub.access;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.hub.HubIntegrationTest;
import dev.weft.hub.KeycloakTokens;
import dev.weft.hub.access.AccessModel.VerifiedApiKey;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;

@ExtendWith(OutputCaptureExtension.class)
class AdminApplicationsApiTest extends HubIntegrationTest {

    private static final String KEY_SHAPE = "wft_[a-km-z2-9]{12}_[A-Za-z0-9_-]{43}";

    @Autowired
    ObjectMapper json;

    @Autowired
    ApiKeyVerifier verifier;

    @Autowired
    JdbcClient jdbc;

    private String admin;

    @BeforeEach
    void signIn() {
        admin = KeycloakTokens.user("admin");
    }

    @Test
    void onlyAdminsManageApplications() throws Exception {
        assertThat(anonymousGet("/api/admin/applications").statusCode()).isEqualTo(401);
        assertThat(get("/api/admin/applications", KeycloakTokens.user("operator")).statusCode()).isEqualTo(403);
        assertThat(get("/api/admin/applications", KeycloakTokens.user("developer")).statusCode()).isEqualTo(403);
        assertThat(send("POST", "/api/admin/applications", KeycloakTokens.user("viewer"),
                "{\"name\":\"sneaky\"}").statusCode()).isEqualTo(403);
        assertThat(get("/api/admin/applications", admin).statusCode()).isEqualTo(200);
        assertThat(get("/api/admin/applications", KeycloakTokens.service()).statusCode()).isEqualTo(200);
    }

    @Test
    void createsListsAndReadsAnApplication() throws Exception {
        String name = uniqueName("support-bot");
        HttpResponse<String> created = send("POST", "/api/admin/applications", admin,
                "{\"name\":\"" + name + "\",\"description\":\"answers support mail\"}");

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode app = json.readTree(created.body());
        assertThat(app.path("name").asText()).isEqualTo(name);
        assertThat(app.path("createdBy").asText()).isEqualTo("admin");
        assertThat(created.headers().firstValue("Location"))
                .contains("/api/admin/applications/" + app.path("id").asText());

        JsonNode read = json.readTree(get("/api/admin/applications/" + app.path("id").asText(), admin).body());
        assertThat(read.path("description").asText()).isEqualTo("answers support mail");
        JsonNode list = json.readTree(get("/api/admin/applications", admin).body());
        assertThat(list.findValuesAsText("name")).contains(name);
    }

    @Test
    void refusesBadAndDuplicateApplicationNamesNamingTheField() throws Exception {
        HttpResponse<String> bad = send("POST", "/api/admin/applications", admin, "{\"name\":\"Support Bot\"}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json.readTree(bad.body()).path("field").asText()).isEqualTo("name");
        assertThat(json.readTree(bad.body()).path("detail").asText()).contains("'Support Bot'");

        String name = uniqueName("dup");
        assertThat(send("POST", "/api/admin/applications", admin, "{\"name\":\"" + name + "\"}").statusCode())
                .isEqualTo(201);
        HttpResponse<String> duplicate = send("POST", "/api/admin/applications", admin, "{\"name\":\"" + name + "\"}");
        assertThat(duplicate.statusCode()).isEqualTo(409);
        assertThat(json.readTree(duplicate.body()).path("field").asText()).isEqualTo("name");

        HttpResponse<String> malformed = send("POST", "/api/admin/applications", admin, "{\"name\":");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(get("/api/admin/applications/" + UUID.randomUUID(), admin).statusCode()).isEqualTo(404);
    }

    @Test
    void anIssuedKeyIsShownOnceStoredOnlyAsAHashAndVerifiesWithItsScopes() throws Exception {
        String appId = createApplication(uniqueName("rag-app"));

        HttpResponse<String> issued = send("POST", "/api/admin/applications/" + appId + "/keys", admin,
                "{\"name\":\"ci\",\"scopes\":[\"flow:support-answer\",\"model:*\",\"flow:support-answer\"]}");

        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
        assertThat(issued.headers().firstValue("Cache-Control")).contains("no-store");
        JsonNode body = json.readTree(issued.body());
        String key = body.path("key").asText();
        String prefix = body.path("info").path("prefix").asText();
        assertThat(key).matches(KEY_SHAPE).startsWith(prefix + "_");
        assertThat(body.path("info").path("scopes").toString()).isEqualTo("[\"flow:support-answer\",\"model:*\"]");
        assertThat(body.path("info").path("status").asText()).isEqualTo("active");

        // Listed without the secret; stored as its SHA-256 only.
        String listed = get("/api/admin/applications/" + appId + "/keys", admin).body();
        assertThat(listed).contains(prefix).doesNotContain(key);
        byte[] stored = jdbc.sql("SELECT secret_sha256 FROM access.api_key WHERE prefix = ?").param(prefix)
                .query(byte[].class).single();
        assertThat(HexFormat.of().formatHex(stored)).isEqualTo(HexFormat.of().formatHex(ApiKeyCodec.sha256(key)));
        assertThat(jdbc.sql("SELECT count(*) FROM access.api_key k WHERE k::text LIKE ?")
                .param("%" + key.substring(prefix.length() + 1) + "%").query(Integer.class).single()).isZero();

        Optional<VerifiedApiKey> verified = verifier.verify(key);
        assertThat(verified).hasValueSatisfying(v -> {
            assertThat(v.applicationId()).hasToString(appId);
            assertThat(v.prefix()).isEqualTo(prefix);
            assertThat(v.allowsFlow("support-answer")).isTrue();
            assertThat(v.allowsFlow("invoice-extract")).isFalse();
            assertThat(v.allowsModel("chat-default")).isTrue();
        });
    }

    @Test
    void wrongMalformedAndForeignKeysDoNotVerify() throws Exception {
        String appId = createApplication(uniqueName("guess"));
        String key = issueKey(appId, "[\"flow:*\"]");
        char last = key.charAt(key.length() - 1);

        assertThat(verifier.verify(key.substring(0, key.length() - 1) + (last == 'A' ? 'B' : 'A'))).isEmpty();
        assertThat(verifier.verify("wft_aaaaaaaaaaaa_" + key.substring(key.length() - 43))).isEmpty();
        assertThat(verifier.verify("sk-" + key)).isEmpty();
        assertThat(verifier.verify("")).isEmpty();
        assertThat(verifier.verify(null)).isEmpty();
        assertThat(verifier.verify(key)).isPresent();
    }

    @Test
    void aRevokedKeyStopsVerifyingAtOnceAndRevokingAgainChangesNothing() throws Exception {
        String appId = createApplication(uniqueName("revoke"));
        HttpResponse<String> issued = send("POST", "/api/admin/applications/" + appId + "/keys", admin,
                "{\"scopes\":[\"flow:*\"]}");
        JsonNode body = json.readTree(issued.body());
        String key = body.path("key").asText();
        String keyId = body.path("info").path("id").asText();
        assertThat(verifier.verify(key)).isPresent();

        HttpResponse<String> revoked = send("DELETE", "/api/admin/applications/" + appId + "/keys/" + keyId,
                admin, null);

        assertThat(revoked.statusCode()).isEqualTo(200);
        JsonNode info = json.readTree(revoked.body());
        assertThat(info.path("status").asText()).isEqualTo("revoked");
        assertThat(info.path("revokedBy").asText()).isEqualTo("admin");
        assertThat(verifier.verify(key)).isEmpty();

        JsonNode again = json.readTree(send("DELETE", "/api/admin/applications/" + appId + "/keys/" + keyId,
                KeycloakTokens.service(), null).body());
        assertThat(again.path("revokedAt").asText()).isEqualTo(info.path("revokedAt").asText());
        assertThat(again.path("revokedBy").asText()).isEqualTo("admin");
        assertThat(send("DELETE", "/api/admin/applications/" + appId + "/keys/" + UUID.randomUUID(), admin, null)
                .statusCode()).isEqualTo(404);
    }

    @Test
    void anExpiredKeyStopsVerifying() throws Exception {
        String appId = createApplication(uniqueName("expiry"));
        Instant tomorrow = Instant.now().plus(1, ChronoUnit.DAYS);
        HttpResponse<String> issued = send("POST", "/api/admin/applications/" + appId + "/keys", admin,
                "{\"scopes\":[\"model:chat\"],\"expiresAt\":\"" + tomorrow + "\"}");
        JsonNode body = json.readTree(issued.body());
        String key = body.path("key").asText();
        assertThat(verifier.verify(key)).isPresent();

        // Move the key's end of validity into the past rather than waiting for it.
        jdbc.sql("UPDATE access.api_key SET expires_at = now() - interval '1 minute' WHERE prefix = ?")
                .param(body.path("info").path("prefix").asText()).update();

        assertThat(verifier.verify(key)).isEmpty();
        JsonNode listed = json.readTree(get("/api/admin/applications/" + appId + "/keys", admin).body());
        assertThat(listed.get(0).path("status").asText()).isEqualTo("expired");
    }

    @Test
    void refusesKeysWithoutValidScopesOrWithAPastExpiryNamingTheField() throws Exception {
        String appId = createApplication(uniqueName("scopes"));
        String keys = "/api/admin/applications/" + appId + "/keys";

        assertThat(problemField(send("POST", keys, admin, "{\"scopes\":[]}"))).isEqualTo("scopes");
        assertThat(problemField(send("POST", keys, admin, "{}"))).isEqualTo("scopes");
        assertThat(problemField(send("POST", keys, admin, "{\"scopes\":[\"flow:*\",\"tool:search\"]}")))
                .isEqualTo("scopes[1]");
        assertThat(problemField(send("POST", keys, admin, "{\"scopes\":[\"flow:\"]}"))).isEqualTo("scopes[0]");
        assertThat(problemField(send("POST", keys, admin,
                "{\"scopes\":[\"flow:*\"],\"expiresAt\":\"2020-01-01T00:00:00Z\"}"))).isEqualTo("expiresAt");
        assertThat(jdbc.sql("SELECT count(*) FROM access.api_key WHERE application_id = ?::uuid").param(appId)
                .query(Integer.class).single()).as("nothing half-written").isZero();
        assertThat(send("POST", "/api/admin/applications/" + UUID.randomUUID() + "/keys", admin,
                "{\"scopes\":[\"flow:*\"]}").statusCode()).isEqualTo(404);
    }

    @Test
    void anApplicationHasAtMostTheConfiguredNumberOfActiveKeys() throws Exception {
        String appId = createApplication(uniqueName("limit"));
        for (int i = 0; i < 3; i++) {
            issueKey(appId, "[\"flow:*\"]");
        }
        HttpResponse<String> fourth = send("POST", "/api/admin/applications/" + appId + "/keys", admin,
                "{\"scopes\":[\"flow:*\"]}");
        assertThat(fourth.statusCode()).isEqualTo(409);
        assertThat(json.readTree(fourth.body()).path("detail").asText()).contains("3 active keys");
    }

    @Test
    void deletingAnApplicationInvalidatesItsKeys() throws Exception {
        String appId = createApplication(uniqueName("gone"));
        String key = issueKey(appId, "[\"flow:*\"]");

        assertThat(send("DELETE", "/api/admin/applications/" + appId, admin, null).statusCode()).isEqualTo(204);

        assertThat(verifier.verify(key)).isEmpty();
        assertThat(get("/api/admin/applications/" + appId, admin).statusCode()).isEqualTo(404);
        assertThat(send("DELETE", "/api/admin/applications/" + appId, admin, null).statusCode()).isEqualTo(404);
    }

    @Test
    void changesAreAuditedWithActorAndTraceIdButNeverTheSecret(CapturedOutput output) throws Exception {
        String appId = createApplication(uniqueName("audit"));
        HttpResponse<String> issued = send("POST", "/api/admin/applications/" + appId + "/keys", admin,
                "{\"scopes\":[\"flow:*\"]}");
        JsonNode body = json.readTree(issued.body());
        String prefix = body.path("info").path("prefix").asText();
        String traceId = issued.headers().firstValue("X-Trace-Id").orElseThrow();

        List<String> auditLines = output.getOut().lines().filter(line -> line.contains("API key " + prefix)).toList();
        assertThat(auditLines).singleElement().satisfies(line -> assertThat(line)
                .contains("issued", "by admin", "[flow:*]", traceId)
                .doesNotContain(body.path("key").asText().substring(prefix.length())));
    }

    private String createApplication(String name) throws Exception {
        HttpResponse<String> created = send("POST", "/api/admin/applications", admin, "{\"name\":\"" + name + "\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return json.readTree(created.body()).path("id").asText();
    }

    private String issueKey(String appId, String scopesJson) throws Exception {
        HttpResponse<String> issued = send("POST", "/api/admin/applications/" + appId + "/keys", admin,
                "{\"scopes\":" + scopesJson + "}");
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
        return json.readTree(issued.body()).path("key").asText();
    }

    private String problemField(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        return json.readTree(response.body()).path("field").asText();
    }

    private static String uniqueName(String base) {
        return base + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
