package dev.weft.workers.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.weft.workers.job.StepInput;
import dev.weft.workers.job.StepJobHandler;
import dev.weft.workers.job.StepOutcome;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HttpStepTest {

    private HttpServer server;
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final HttpStep step = new HttpStep(Set.of());

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/orders", ex -> {
            received.add(ex.getRequestMethod() + " " + ex.getRequestURI() + " " + ex.getRequestHeaders().getFirst("X-Tenant")
                    + " " + new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] body = "{\"id\": 7, \"state\": \"open\"}".getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(201, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.createContext("/moved", ex -> {
            received.add("GET /moved");
            ex.getResponseHeaders().set("Location", "http://169.254.169.254/latest/meta-data/");
            ex.sendResponseHeaders(302, -1);
            ex.close();
        });
        server.createContext("/missing", ex -> {
            ex.sendResponseHeaders(404, -1);
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private StepOutcome run(Map<String, String> headers, Map<String, Object> vars) {
        return StepJobHandler.run(step, StepInput.of(headers, vars));
    }

    @Test
    void callsAnAllowListedHostWithTemplatesAndParsesJson() {
        Map<String, String> h = new HashMap<>(Map.of("method", "POST", "url", base() + "/orders?customer={{customer.id}}",
                "headers", "{\"X-Tenant\": \"acme\"}", "body", "{\"item\": \"{{item}}\"}", "allowHosts", "127.0.0.1"));

        StepOutcome outcome = run(h, Map.of("customer", Map.of("id", 42), "item", "book"));

        assertThat(outcome).isInstanceOfSatisfying(StepOutcome.Completed.class, c -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> response = (Map<String, Object>) c.variables().get("response");
            assertThat(response).containsEntry("status", 201).containsEntry("body", Map.of("id", 7, "state", "open"));
        });
        assertThat(received).containsExactly("POST /orders?customer=42 acme {\"item\": \"book\"}");
    }

    @Test
    void refusesLoopbackUnlessAllowListed() {
        StepOutcome outcome = run(Map.of("url", base() + "/orders"), Map.of());

        assertThat(outcome).isInstanceOfSatisfying(StepOutcome.BpmnError.class, e -> {
            assertThat(e.code()).isEqualTo(HttpStep.HTTP_BLOCKED);
            assertThat(e.message()).contains("loopback");
        });
        assertThat(received).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://169.254.169.254/latest/meta-data/", "http://10.1.2.3/", "http://192.168.0.10/",
            "http://172.20.0.1/", "http://[::1]/", "http://localhost/", "http://0.0.0.0/", "http://100.64.1.1/",
            "http://[fd00::1]/", "http://[fe80::1]/", "http://224.0.0.251/", "http://[::ffff:10.0.0.1]/",
            "http://metadata.google.internal/", "file:///etc/passwd"})
    void theGuardRefusesInternalTargets(String url) {
        assertThatThrownBy(() -> new SsrfGuard(Set.of()).check(URI.create(url))).isInstanceOf(SsrfGuard.BlockedException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"169.254.169.254", "[fe80::1]", "100.100.100.200", "[::ffff:169.254.169.254]", "[fd00:ec2::254]"})
    void aFlowsOwnAllowListCannotOpenMetadataEndpoints(String host) {
        StepOutcome outcome = run(Map.of("url", "http://" + host + "/latest/meta-data/", "allowHosts", host), Map.of());

        assertThat(outcome).isInstanceOfSatisfying(StepOutcome.BpmnError.class, e -> {
            assertThat(e.code()).isEqualTo(HttpStep.HTTP_BLOCKED);
            assertThat(e.message()).contains("only the server's configured allow-list");
        });
    }

    @Test
    void theOperatorsAllowListOpensWhatAFlowsCannot() {
        URI metadata = URI.create("http://169.254.169.254/latest/meta-data/");

        new SsrfGuard(Set.of("169.254.169.254")).check(metadata);
        new SsrfGuard(Set.of(), Set.of("10.0.0.5", "[fd12::7]")).check(URI.create("http://10.0.0.5/api"));
        new SsrfGuard(Set.of(), Set.of("10.0.0.5", "[fd12::7]")).check(URI.create("http://[fd12::7]/api"));
        assertThatThrownBy(() -> new SsrfGuard(Set.of(), Set.of("169.254.169.254")).check(metadata))
                .isInstanceOf(SsrfGuard.BlockedException.class).hasMessageContaining("link-local");
    }

    @Test
    void theGuardLetsPublicAddressesThrough() {
        new SsrfGuard(Set.of()).check(URI.create("https://8.8.8.8/"));
        new SsrfGuard(Set.of("10.0.0.5")).check(URI.create("http://10.0.0.5/api"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void aRedirectIsReturnedNotFollowedSoAnAllowedHostCannotBounceTheCallInward() {
        StepOutcome outcome = run(Map.of("url", base() + "/moved", "allowHosts", "127.0.0.1"), Map.of());

        assertThat(outcome).isInstanceOfSatisfying(StepOutcome.Completed.class, c -> {
            Map<String, Object> response = (Map<String, Object>) c.variables().get("response");
            assertThat(response).containsEntry("status", 302);
            assertThat((Map<String, String>) response.get("headers"))
                    .containsEntry("location", "http://169.254.169.254/latest/meta-data/");
        });
        assertThat(received).containsExactly("GET /moved");
    }

    @Test
    void turnsErrorStatusesIntoBpmnErrorsWhenAsked() {
        StepOutcome plain = run(Map.of("url", base() + "/missing", "allowHosts", "127.0.0.1"), Map.of());
        StepOutcome strict = run(Map.of("url", base() + "/missing", "allowHosts", "127.0.0.1", "errorOnStatus", "true"), Map.of());

        assertThat(plain).isInstanceOf(StepOutcome.Completed.class);
        assertThat(strict).isInstanceOfSatisfying(StepOutcome.BpmnError.class, e -> assertThat(e.code()).isEqualTo("HTTP_404"));
    }

    @Test
    void namesBadSettings() {
        assertThat(run(Map.of("url", base(), "method", "BREW"), Map.of()))
                .isInstanceOfSatisfying(StepOutcome.Failed.class, f -> assertThat(f.message()).contains("method:"));
        assertThat(run(Map.of("url", base(), "allowHosts", "127.0.0.1", "timeout", "soon"), Map.of()))
                .isInstanceOfSatisfying(StepOutcome.Failed.class, f -> assertThat(f.message()).contains("timeout:"));
    }
}
