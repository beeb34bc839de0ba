package dev.weft.designer.flow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.designer.DesignerDatabase;
import dev.weft.designer.DesignerTestApplication;
import dev.weft.designer.Http;
import dev.weft.designer.TestJson;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The analyst's loop over real HTTP and a real PostgreSQL database. */
@SpringBootTest(classes = DesignerTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class FlowApiTest {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        DesignerDatabase.register(registry, "designer_api");
    }

    @LocalServerPort
    int port;
    Http http;

    @BeforeEach
    void client() {
        http = new Http(port);
    }

    private JsonNode createFlow(String name) {
        Http.Response r = http.postJson("/api/designer/flows", Map.of("name", name, "description", "for tests"));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.header("Location")).endsWith("/api/designer/flows/" + r.json().path("id").asText());
        return r.json();
    }

    private JsonNode ragGraph() throws Exception {
        return TestJson.JSON.readTree(TestJson.resource("graphs/rag-with-review.json"));
    }

    @Test
    void servesTheCatalogWithSchemasAndTypedOutputs() {
        JsonNode catalog = http.get("/api/designer/catalog").json();
        assertThat(catalog.findValuesAsText("type")).contains("start", "end", "llm", "model-select", "retrieve", "ingest",
                "aggregate", "branch", "parallel", "map", "http", "mcp-tool", "script", "human-review", "sub-flow",
                "wait-message", "timer", "guard");
        JsonNode retrieve = http.get("/api/designer/catalog/retrieve").json();
        assertThat(retrieve.path("jobType").asText()).isEqualTo("weft.retrieve");
        assertThat(retrieve.path("settingsSchema").path("required").toString()).contains("collection", "input.query");
        assertThat(retrieve.path("outputs").path("passages").path("type").asText()).isEqualTo("array");
        Http.Response missing = http.get("/api/designer/catalog/teleport");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().path("detail").asText()).contains("teleport");
    }

    @Test
    void savesDraftsWithContentHashETagsAndRefusesStaleOrBlindWrites() throws Exception {
        String id = createFlow("Etag flow").path("id").asText();
        Http.Response draft = http.get("/api/designer/flows/" + id + "/draft");
        String etag = draft.header("ETag");
        assertThat(etag).isEqualTo("\"" + draft.json().path("etag").asText() + "\"");

        Http.Response blind = http.putJson("/api/designer/flows/" + id + "/draft", ragGraph());
        assertThat(blind.status()).isEqualTo(428);

        Http.Response alice = http.putJson("/api/designer/flows/" + id + "/draft", ragGraph(), "If-Match", etag);
        assertThat(alice.status()).as(alice.body()).isEqualTo(200);
        assertThat(alice.header("ETag")).isNotEqualTo(etag);
        assertThat(alice.json().path("issues").size()).isZero();

        // Bob still holds the old ETag: his save must not overwrite Alice's work.
        ObjectNode bobs = (ObjectNode) ragGraph();
        bobs.put("name", "Bob's version");
        Http.Response bob = http.putJson("/api/designer/flows/" + id + "/draft", bobs, "If-Match", etag);
        assertThat(bob.status()).isEqualTo(409);
        assertThat(bob.json().path("current").path("etag").asText()).isEqualTo(alice.json().path("etag").asText());
        assertThat(bob.json().path("current").path("graph").path("name").asText()).isEqualTo("RAG answer with review");
        assertThat(http.get("/api/designer/flows/" + id + "/draft").json().path("graph").path("name").asText())
                .isEqualTo("RAG answer with review");
    }

    @Test
    void reportsValidationIssuesOnSaveWithoutBlockingAndBlocksPublishOnErrors() throws Exception {
        String id = createFlow("Broken flow").path("id").asText();
        String etag = http.get("/api/designer/flows/" + id + "/draft").header("ETag");
        ObjectNode g = (ObjectNode) ragGraph();
        ((ObjectNode) g.withArray("nodes").get(2).get("settings")).remove("collection");
        Http.Response saved = http.putJson("/api/designer/flows/" + id + "/draft", g, "If-Match", etag);
        assertThat(saved.status()).isEqualTo(200);
        assertThat(saved.json().path("issues").get(0).path("code").asText()).isEqualTo("MISSING_SETTING");
        assertThat(saved.json().path("issues").get(0).path("nodeId").asText()).isEqualTo("search");

        Http.Response publish = http.postJson("/api/designer/flows/" + id + "/versions", Map.of("name", "v1"));
        assertThat(publish.status()).isEqualTo(422);
        assertThat(publish.json().path("issues").get(0).path("pointer").asText()).isEqualTo("/nodes/2/settings/collection");
        assertThat(http.get("/api/designer/flows/" + id + "/versions").json().size()).isZero();
    }

    @Test
    void publishesImmutableVersionsAndDiffsAndRestoresThem() throws Exception {
        String id = createFlow("Versioned flow").path("id").asText();
        String etag = http.get("/api/designer/flows/" + id + "/draft").header("ETag");
        etag = http.putJson("/api/designer/flows/" + id + "/draft", ragGraph(), "If-Match", etag).header("ETag");
        Http.Response v1 = http.postJson("/api/designer/flows/" + id + "/versions", Map.of("name", "first", "comment", "initial"));
        assertThat(v1.status()).as(v1.body()).isEqualTo(201);
        assertThat(v1.json().path("version").asInt()).isEqualTo(1);

        ObjectNode changed = (ObjectNode) ragGraph();
        ((ObjectNode) changed.withArray("nodes").get(3).get("settings")).put("model", "bigger-model");
        etag = http.putJson("/api/designer/flows/" + id + "/draft", changed, "If-Match", etag).header("ETag");
        assertThat(http.postJson("/api/designer/flows/" + id + "/versions", Map.of("name", "second")).json().path("version").asInt())
                .isEqualTo(2);

        JsonNode diff = http.get("/api/designer/flows/" + id + "/diff?from=1&to=2").json();
        assertThat(diff.path("nodesChanged").get(0).path("id").asText()).isEqualTo("answer");
        assertThat(diff.path("nodesChanged").get(0).path("paths").get(0).asText()).isEqualTo("/settings/model");

        String bpmn = http.get("/api/designer/flows/" + id + "/versions/2/bpmn").body();
        assertThat(bpmn).contains("bigger-model").contains("bpmndi:BPMNShape");

        Http.Response restored = http.send("POST", "/api/designer/flows/" + id + "/versions/1/restore", null, null, "If-Match", etag);
        assertThat(restored.status()).as(restored.body()).isEqualTo(200);
        assertThat(restored.json().path("graph").path("nodes").get(3).path("settings").path("model").asText()).isEqualTo("chat-default");
        JsonNode v1detail = http.get("/api/designer/flows/" + id + "/versions/1").json();
        assertThat(v1detail.path("version").path("name").asText()).isEqualTo("first");
        assertThat(v1detail.path("version").path("comment").asText()).isEqualTo("initial");

        JsonNode history = http.get("/api/designer/flows/" + id + "/history").json();
        assertThat(history.findValuesAsText("action")).containsSubsequence("restored", "published", "published", "created");
    }

    @Test
    void listsSearchesPagesRenamesAndSoftDeletesFlows() {
        String a = createFlow("Invoice triage").path("id").asText();
        createFlow("Invoice summary");
        createFlow("Support bot");
        JsonNode page = http.get("/api/designer/flows?q=invoice&size=1&page=0").json();
        assertThat(page.path("total").asLong()).isEqualTo(2);
        assertThat(page.path("items").size()).isEqualTo(1);
        Http.Response renamed = http.send("PATCH", "/api/designer/flows/" + a, "application/json", "{\"name\":\"Receipt triage\"}");
        assertThat(renamed.json().path("name").asText()).isEqualTo("Receipt triage");
        assertThat(http.send("DELETE", "/api/designer/flows/" + a, null, null).status()).isEqualTo(204);
        assertThat(http.get("/api/designer/flows/" + a).status()).isEqualTo(404);
        assertThat(http.get("/api/designer/flows?q=triage").json().path("total").asLong()).isZero();
        Http.Response badSize = http.get("/api/designer/flows?size=0");
        assertThat(badSize.status()).isEqualTo(400);
        assertThat(badSize.json().path("field").asText()).isEqualTo("size");
    }

    @Test
    void importsModelerBpmnAndExportsGraphAndBpmn() {
        Http.Response imported = http.send("POST", "/api/designer/flows/import", "application/bpmn+xml",
                TestJson.resource("bpmn/modeler-made.bpmn"));
        assertThat(imported.status()).as(imported.body()).isEqualTo(201);
        assertThat(imported.json().path("flow").path("processId").asText()).isEqualTo("support_answer");
        assertThat(imported.json().path("importIssues").findValuesAsText("nodeId")).contains("Activity_sub");
        String id = imported.json().path("flow").path("id").asText();
        JsonNode graph = http.get("/api/designer/flows/" + id + "/export?format=graph").json();
        assertThat(graph.path("nodes").size()).isEqualTo(6);

        Http.Response garbage = http.send("POST", "/api/designer/flows/import", "application/xml", "<nope/>");
        assertThat(garbage.status()).isEqualTo(422);
        assertThat(garbage.json().path("issues").get(0).path("code").asText()).isEqualTo("BPMN_UNREADABLE");
    }

    @Test
    void namesTheFieldOfAnUnreadableGraph() {
        String id = createFlow("Typo flow").path("id").asText();
        String etag = http.get("/api/designer/flows/" + id + "/draft").header("ETag");
        String body = "{\"formatVersion\":1,\"nodes\":[{\"id\":\"a\",\"type\":\"llm\",\"errorPolicy\":{\"onError\":\"retry-forever\"}}],\"edges\":[]}";
        Http.Response r = http.putJson("/api/designer/flows/" + id + "/draft", body, "If-Match", etag);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().path("field").asText()).isEqualTo("/nodes/0/errorPolicy/onError");
    }

    @Test
    void withoutAnEmbeddedEngineTestRunsAnswer501AndSayWhy() {
        String id = createFlow("No engine here").path("id").asText();
        Http.Response r = http.postJson("/api/designer/flows/" + id + "/test-runs", Map.of("inputs", Map.of()));
        assertThat(r.status()).isEqualTo(501);
        assertThat(r.json().path("code").asText()).isEqualTo("test-runs-unavailable");
        assertThat(r.json().path("detail").asText()).contains("embedded Weft engine", "weft.engine.mode=off");
    }
}
