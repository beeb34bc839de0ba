package dev.weft.hub;

import dev.weft.testsupport.ServiceEndpoints;
import dev.weft.testsupport.TestDatabases;
import dev.weft.testsupport.WeftServices;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the tests that run the whole hub against the real services. Test classes extending it share one
 * application context, and that context gets a database of its own, created and migrated when it starts.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
// Boot turns metrics export off in tests; the Prometheus endpoint is part of what these tests check.
@AutoConfigureObservability
@Import(TestClockConfiguration.class)
public abstract class HubIntegrationTest {

    public static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @LocalServerPort
    protected int port;

    /** Called once per application context, so each context starts on an empty database. */
    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        registerServices(registry, "hub");
        registry.add("weft.keycloak.url", () -> WeftServices.get().keycloakUrl().toString());
        // Small, so that the limit can be reached in a test.
        registry.add("weft.access.max-keys-per-application", () -> "3");
    }

    /** Points the hub at the test run's services and at a new database; Keycloak is left to the caller. */
    public static void registerServices(DynamicPropertyRegistry registry, String label) {
        ServiceEndpoints services = WeftServices.get();
        TestDatabases.FreshDatabase db = TestDatabases.create(label);
        registry.add("spring.datasource.url", db::jdbcUrl);
        registry.add("spring.datasource.username", db::user);
        registry.add("spring.datasource.password", db::password);
        registry.add("spring.data.redis.url", () -> services.redisUrl().toString());
        registry.add("spring.pulsar.client.service-url", () -> services.pulsarUrl().toString());
        registry.add("spring.pulsar.admin.service-url", () -> services.pulsarAdminUrl().toString());
        registry.add("test.database.name", db::name);
    }

    protected HttpResponse<String> get(String path, String bearerToken) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).GET();
        if (bearerToken != null) {
            request.header("Authorization", "Bearer " + bearerToken);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    protected HttpResponse<String> send(String method, String path, String bearerToken, String jsonBody)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, jsonBody == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(jsonBody));
        if (jsonBody != null) {
            request.header("Content-Type", "application/json");
        }
        if (bearerToken != null) {
            request.header("Authorization", "Bearer " + bearerToken);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    protected HttpResponse<String> anonymousGet(String path) throws IOException, InterruptedException {
        return get(path, null);
    }
}
