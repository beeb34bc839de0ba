package dev.weft.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import dev.weft.migrations.WeftMigrations;
import dev.weft.testsupport.TestDatabases;
import io.camunda.client.CamundaClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Lazy;
import org.springframework.core.env.Environment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * What the code streams follows the contract: a real test run and a re-run on the embedded engine, every SSE
 * event's data validated against run-events.schema.json, and the SSE event name equal to the data's 'event'.
 */
@SpringBootTest(classes = {ContractApplication.class, RunEventsContractTest.Client.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.flyway.enabled=false", "weft.engine.mode=embedded", "weft.engine.grpc.enabled=false"})
class RunEventsContractTest {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabases.FreshDatabase db = TestDatabases.create("contract_runs");
        WeftMigrations.migrate(db.dataSource());
        registry.add("spring.datasource.url", db::jdbcUrl);
        registry.add("spring.datasource.username", db::user);
        registry.add("spring.datasource.password", db::password);
    }

    @TestConfiguration
    static class Client {
        /** Deploys and starts test runs on the engine's /v2 API in this server, as the hub's client would. */
        @Bean(destroyMethod = "close")
        @Lazy
        CamundaClient camundaClient(Environment env) {
            return CamundaClient.newClientBuilder()
                    .restAddress(URI.create("http://127.0.0.1:" + env.getProperty("local.server.port")))
                    .preferRestOverGrpc(true).defaultRequestTimeout(Duration.ofSeconds(10)).build();
        }
    }

    @LocalServerPort
    int port;
    final HttpClient http = HttpClient.newHttpClient();

    record Event(String id, String name, JsonNode data) {
    }

    JsonNode post(String path, String body, int status) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        return Schemas.JSON.readTree(r.body());
    }

    List<Event> events(String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Accept", "text/event-stream").build();
        return CompletableFuture.supplyAsync(() -> {
            try {
                HttpResponse<Stream<String>> r = http.send(request, HttpResponse.BodyHandlers.ofLines());
                List<Event> out = new ArrayList<>();
                String id = null;
                String name = null;
                StringBuilder data = new StringBuilder();
                for (Iterator<String> it = r.body().iterator(); it.hasNext(); ) {
                    String line = it.next();
                    if (line.isEmpty() && !data.isEmpty()) {
                        out.add(new Event(id, name, Schemas.JSON.readTree(data.toString())));
                        if ("run_finished".equals(name)) {
                            break;
                        }
                        id = null;
                        name = null;
                        data.setLength(0);
                    } else if (line.startsWith("id:")) {
                        id = line.substring(3).trim();
                    } else if (line.startsWith("event:")) {
                        name = line.substring(6).trim();
                    } else if (line.startsWith("data:")) {
                        data.append(line.substring(5).trim());
                    }
                }
                return out;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).get(60, TimeUnit.SECONDS);
    }

    @Test
    void streamedEventsOfARunAndARerunFollowTheSchema() throws Exception {
        JsonNode flow = post("/api/designer/flows/import", """
                {"formatVersion": 1, "name": "Shout",
                 "nodes": [
                   {"id": "start", "type": "start", "settings": {"form": [{"key": "text", "type": "string"}]}},
                   {"id": "shout", "type": "script", "settings": {"expression": "=upper case(text)"}},
                   {"id": "end", "type": "end", "settings": {"outputs": {"answer": {"selector": ["shout", "result"]}}}}],
                 "edges": [{"id": "a", "source": "start", "target": "shout"}, {"id": "b", "source": "shout", "target": "end"}]}
                """, 201).path("flow");
        String runs = "/api/designer/flows/" + flow.path("id").asText() + "/test-runs";
        JsonNode run = post(runs, "{\"inputs\": {\"text\": \"hi\"}}", 202);
        List<Event> all = new ArrayList<>(events(run.path("events").asText()));
        JsonNode rerun = post(runs + "/" + run.path("id").asText() + "/nodes/shout/rerun",
                "{\"settings\": {\"expression\": \"=text + \\\"!\\\"\"}}", 202);
        all.addAll(events(rerun.path("events").asText()));

        JsonSchema schema = Schemas.schema("run-events.schema.json");
        assertThat(all).extracting(Event::name).contains("node_started", "node_finished", "run_finished");
        for (Event e : all) {
            assertThat(Schemas.validate(schema, e.data())).as(e.data().toString()).isEmpty();
            assertThat(e.data().path("event").asText()).isEqualTo(e.name());
            assertThat(e.id()).matches("\\d+-\\d+");
        }
        assertThat(all.get(all.size() - 1).data().path("outputs").isObject()).isTrue();
    }
}
