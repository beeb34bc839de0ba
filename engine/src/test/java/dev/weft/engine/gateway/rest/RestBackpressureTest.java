package dev.weft.engine.gateway.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.engine.gateway.GatewaySemantics;
import dev.weft.engine.testing.EmbeddedEngineProperties;
import dev.weft.testsupport.TestDatabases;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** An engine over its command limit answers 429 RESOURCE_EXHAUSTED problems over REST, then serves again. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, classes = RestBackpressureTest.App.class)
class RestBackpressureTest {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
    }

    private static final TestDatabases.FreshDatabase DB = TestDatabases.create("gateway_rest_pressure");
    private static final ObjectMapper JSON = new ObjectMapper();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        EmbeddedEngineProperties.database(registry, DB);
        registry.add("weft.engine.grpc.enabled", () -> "false");
        registry.add("weft.engine.batching.max-queued-commands", () -> "1");
        registry.add("camunda.client.enabled", () -> "false");
    }

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aBurstBeyondTheCommandLimitGets429AndLaterCommandsSucceed() throws Exception {
        String boundary = "weftboundary";
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"resources\"; filename=\"order.bpmn\"\r\n"
                + "Content-Type: application/xml\r\n\r\n" + GatewaySemantics.classpathText("gateway/order-process.bpmn")
                + "\r\n--" + boundary + "--\r\n";
        HttpResponse<String> deployed = http.send(HttpRequest.newBuilder(uri("/v2/deployments"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(deployed.statusCode()).as(deployed.body()).isEqualTo(200);

        List<CompletableFuture<HttpResponse<String>>> burst = IntStream.range(0, 200).mapToObj(i -> http.sendAsync(
                HttpRequest.newBuilder(uri("/v2/process-instances")).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"processDefinitionId\":\"order-process\",\"variables\":{\"i\":" + i + "}}"))
                        .build(), HttpResponse.BodyHandlers.ofString())).toList();
        List<HttpResponse<String>> responses = burst.stream().map(CompletableFuture::join).toList();

        assertThat(responses).allSatisfy(r -> assertThat(r.statusCode()).as(r.body()).isIn(200, 429));
        List<HttpResponse<String>> refused = responses.stream().filter(r -> r.statusCode() == 429).toList();
        assertThat(refused).isNotEmpty().allSatisfy(r -> {
            assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
            assertThat(JSON.readTree(r.body()).get("title").asText()).isEqualTo("RESOURCE_EXHAUSTED");
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> http.send(HttpRequest.newBuilder(uri("/v2/process-instances"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"processDefinitionId\":\"order-process\"}")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
