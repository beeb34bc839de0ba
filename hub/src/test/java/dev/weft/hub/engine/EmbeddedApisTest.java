package dev.weft.hub.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.engine.gateway.grpc.GatewayServer;
import dev.weft.hub.HubIntegrationTest;
import dev.weft.hub.KeycloakTokens;
import dev.weft.workers.runtime.WeftWorkers;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.response.Topology;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The engine, the designer and the workers inside the hub: one Camunda client on the embedded gateway, and the
 * designer's and the engine's REST APIs behind the hub's realm roles, checked with real Keycloak tokens.
 */
class EmbeddedApisTest extends HubIntegrationTest {

    private static final String GRAPH = """
            {"formatVersion": 1, "name": "Hub echo",
             "nodes": [
               {"id": "start", "type": "start", "settings": {"form": [{"key": "text", "type": "string"}]}},
               {"id": "echo", "type": "task", "settings": {"jobType": "hub-echo",
                  "inputs": {"message": {"selector": ["start", "text"]}}}},
               {"id": "end", "type": "end"}],
             "edges": [{"id": "a", "source": "start", "target": "echo"}, {"id": "b", "source": "echo", "target": "end"}]}
            """;

    @Autowired
    ObjectMapper json;
    @Autowired
    CamundaClient client;
    @Autowired
    GatewayServer gateway;
    @Autowired
    WeftWorkers workers;

    @Test
    void theClientTalksToTheEmbeddedGatewayOnItsOwnPortAndTheBuiltInWorkersServeOnIt() {
        assertThat(gateway.port()).as("tests run the gateway on a free port, not Zeebe's").isNotEqualTo(26500);
        Topology topology = client.newTopologyRequest().send().join();
        assertThat(topology.getBrokers()).isNotEmpty();
        assertThat(topology.getBrokers().get(0).getPort()).isEqualTo(gateway.port());
        assertThat(workers.size()).as("one worker per built-in job type").isGreaterThanOrEqualTo(5);
    }

    @Test
    void aViewerReadsTheCatalogButCannotCreateAFlow() throws Exception {
        String viewer = KeycloakTokens.user("viewer");

        HttpResponse<String> catalog = get("/api/designer/catalog", viewer);
        assertThat(catalog.statusCode()).as(catalog.body()).isEqualTo(200);
        assertThat(json.readTree(catalog.body()).toString()).contains("llm");
        assertThat(get("/api/designer/flows", viewer).statusCode()).isEqualTo(200);

        HttpResponse<String> create = send("POST", "/api/designer/flows", viewer, "{\"name\": \"Not allowed\"}");
        assertThat(create.statusCode()).as(create.body()).isEqualTo(403);
        assertThat(post("/v2/process-definitions/search", viewer, "{}").statusCode())
                .as("the engine API is not for viewers").isEqualTo(403);
    }

    @Test
    void aDesignerShapesADraftAndADeveloperPublishesItToTheEmbeddedEngine() throws Exception {
        String designer = KeycloakTokens.user("designer");

        HttpResponse<String> created = send("POST", "/api/designer/flows", designer, "{\"name\": \"Hub echo\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode flow = json.readTree(created.body());
        String id = flow.path("id").asText();
        String processId = flow.path("processId").asText();
        assertThat(processId).isNotBlank();

        HttpResponse<String> draft = get("/api/designer/flows/" + id + "/draft", designer);
        assertThat(draft.statusCode()).as(draft.body()).isEqualTo(200);
        String etag = draft.headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> saved = HTTP.send(HttpRequest.newBuilder(uri("/api/designer/flows/" + id + "/draft"))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + designer)
                .header("Content-Type", "application/json").header("If-Match", etag)
                .PUT(HttpRequest.BodyPublishers.ofString(GRAPH)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);

        HttpResponse<String> designerPublish = post("/api/designer/flows/" + id + "/versions", designer,
                "{\"name\": \"first\"}");
        assertThat(designerPublish.statusCode()).as("publishing is for developers").isEqualTo(403);

        String developer = KeycloakTokens.user("developer");
        HttpResponse<String> published = post("/api/designer/flows/" + id + "/versions", developer,
                "{\"name\": \"first\"}");
        assertThat(published.statusCode()).as(published.body()).isEqualTo(201);
        long definitionKey = json.readTree(published.body()).path("processDefinitionKey").asLong();
        assertThat(definitionKey).isPositive();

        // The deployment went through the Camunda client to the engine in this process; its REST API shows it.
        HttpResponse<String> search = post("/v2/process-definitions/search", developer,
                "{\"filter\": {\"processDefinitionId\": {\"$eq\": \"" + processId + "\"}}}");
        assertThat(search.statusCode()).as(search.body()).isEqualTo(200);
        JsonNode items = json.readTree(search.body()).path("items");
        assertThat(items).hasSize(1);
        assertThat(items.get(0).path("processDefinitionKey").asText()).isEqualTo(Long.toString(definitionKey));

        // The service client (realm role admin) may use the engine API as well.
        assertThat(post("/v2/process-definitions/search", KeycloakTokens.service(),
                "{\"filter\": {\"processDefinitionId\": {\"$eq\": \"" + processId + "\"}}}").statusCode()).isEqualTo(200);
        // An operator reads it too, but cannot change flows.
        String operator = KeycloakTokens.user("operator");
        assertThat(post("/v2/process-definitions/search", operator, "{}").statusCode()).isEqualTo(200);
        assertThat(send("DELETE", "/api/designer/flows/" + id, operator, null).statusCode()).isEqualTo(403);
    }

    private HttpResponse<String> post(String path, String token, String body) throws Exception {
        return send("POST", path, token, body);
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
