package dev.weft.hub.designer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.hub.HubIntegrationTest;
import dev.weft.hub.KeycloakTokens;
import dev.weft.testsupport.llm.FakeOpenAiServer;
import dev.weft.workers.runtime.WeftAi;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The "Done when", through HTTP alone and in one go, on the whole hub (Keycloak roles, designer, embedded
 * engine, built-in workers, fake model servers): load the catalog, create a flow from a template, two editors with
 * one stale ETag (409, nothing lost), see validation errors on the right nodes, publish, test-run with every node's
 * inputs and outputs streaming in, change one LLM node's prompt and re-run only that node, restore an older version.
 */
class AnalystLoopTest extends HubIntegrationTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    WeftAi ai;

    JsonNode json(HttpResponse<String> r, int status) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        return r.body().isEmpty() ? null : JSON.readTree(r.body());
    }

    HttpResponse<String> put(String path, String token, String ifMatch, JsonNode body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        if (ifMatch != null) {
            b.header("If-Match", ifMatch);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String token, String ifMatch, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (ifMatch != null) {
            b.header("If-Match", ifMatch);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static ObjectNode node(JsonNode graph, String id) {
        for (JsonNode n : graph.path("nodes")) {
            if (n.path("id").asText().equals(id)) {
                return (ObjectNode) n;
            }
        }
        throw new AssertionError("no node " + id + " in " + graph);
    }

    static long chatCalls(String model) {
        return FakeModels.OPENAI.requests(FakeOpenAiServer.CHAT).stream().filter(r -> model.equals(r.model())).count();
    }

    @Test
    void theAnalystsWholeLoopWorksThroughHttpAlone() throws Exception {
        FakeModels.register(ai);
        String designer = KeycloakTokens.user("designer");
        String otherDesigner = KeycloakTokens.user("developer");
        String developer = otherDesigner;
        String viewer = KeycloakTokens.user("viewer");

        // 1. The palette.
        JsonNode catalog = json(get("/api/designer/catalog", designer), 200);
        assertThat(catalog.findValuesAsText("type")).contains("llm", "branch", "human-review", "map");

        // 2. A flow from a template.
        JsonNode created = json(post("/api/designer/templates/classify-and-route/flows?name=Support%20desk", designer, null, ""), 201);
        String flowId = created.path("flow").path("id").asText();
        String base = "/api/designer/flows/" + flowId;
        assertThat(created.path("flow").path("name").asText()).isEqualTo("Support desk");

        // 3. Two editors read the same draft; the second one's save is stale and loses nothing.
        HttpResponse<String> readA = get(base + "/draft", designer);
        HttpResponse<String> readB = get(base + "/draft", otherDesigner);
        String etag = readA.headers().firstValue("ETag").orElseThrow();
        assertThat(readB.headers().firstValue("ETag")).contains(etag);
        ObjectNode graphA = (ObjectNode) json(readA, 200).path("graph");
        ObjectNode graphB = (ObjectNode) json(readB, 200).path("graph");
        node(graphA, "billing").put("name", "Billing desk");
        HttpResponse<String> savedA = put(base + "/draft", designer, etag, graphA);
        json(savedA, 200);
        node(graphB, "technical").put("name", "Tech desk");
        JsonNode stale = json(put(base + "/draft", otherDesigner, etag, graphB), 409);
        assertThat(stale.path("code").asText()).isEqualTo("stale-draft");
        JsonNode current = stale.path("current");
        assertThat(node(current.path("graph"), "billing").path("name").asText()).isEqualTo("Billing desk");
        ObjectNode merged = (ObjectNode) current.path("graph").deepCopy();
        node(merged, "technical").put("name", "Tech desk");
        HttpResponse<String> savedB = put(base + "/draft", otherDesigner, "\"" + current.path("etag").asText() + "\"", merged);
        JsonNode afterB = json(savedB, 200);
        assertThat(node(afterB.path("graph"), "billing").path("name").asText()).isEqualTo("Billing desk");
        assertThat(node(afterB.path("graph"), "technical").path("name").asText()).isEqualTo("Tech desk");
        String goodEtag = savedB.headers().firstValue("ETag").orElseThrow();
        ObjectNode good = (ObjectNode) afterB.path("graph").deepCopy();

        // 4. A broken edit is saved (drafts may be unfinished) with errors on the right nodes; publish refuses it.
        ObjectNode broken = good.deepCopy();
        ((ObjectNode) node(broken, "billing").path("settings")).put("temperature", "very hot");
        ((ObjectNode) node(broken, "end_billing").path("settings").path("outputs"))
                .set("answer", JSON.readTree("{\"selector\": [\"billing\", \"verdict\"]}"));
        HttpResponse<String> savedBroken = put(base + "/draft", designer, goodEtag, broken);
        JsonNode brokenDraft = json(savedBroken, 200);
        List<String> errorNodes = brokenDraft.path("issues").findParents("severity").stream()
                .filter(i -> i.path("severity").asText().equals("error")).map(i -> i.path("nodeId").asText()).toList();
        assertThat(errorNodes).contains("billing", "end_billing").doesNotContain("classify", "technical");
        JsonNode refused = json(post(base + "/versions", developer, null, "{\"name\": \"broken\"}"), 422);
        assertThat(refused.path("issues").findValuesAsText("nodeId")).contains("billing", "end_billing");
        HttpResponse<String> fixed = put(base + "/draft", designer,
                savedBroken.headers().firstValue("ETag").orElseThrow(), good);
        json(fixed, 200);

        // 5. Publish (developers only).
        assertThat(post(base + "/versions", designer, null, "{\"name\": \"v1\"}").statusCode()).isEqualTo(403);
        json(post(base + "/versions", developer, null, "{\"name\": \"v1\", \"comment\": \"first\"}"), 201);

        // 6. Test-run the draft and watch every node stream in.
        assertThat(post(base + "/test-runs", viewer, null, "{\"inputs\": {}}").statusCode()).isEqualTo(403);
        JsonNode run = json(post(base + "/test-runs", designer, null,
                "{\"inputs\": {\"message\": \"My invoice is wrong\"}}"), 202);
        List<EventStream.Event> events = EventStream.read(port, run.path("events").asText(), designer);
        assertThat(EventStream.named(events, "node_started")).extracting(e -> e.data().path("nodeId").asText())
                .containsExactly("start", "classify", "route", "billing", "end_billing");
        JsonNode classify = EventStream.finished(events, "classify");
        assertThat(classify.path("outputs").path("answer").path("json").path("category").asText()).isEqualTo("billing");
        assertThat(classify.path("tokens").path("prompt").asInt()).as(classify.toString()).isEqualTo(12);
        assertThat(classify.path("tokens").path("completion").asInt()).isEqualTo(4);
        assertThat(classify.path("costUsd").asDouble()).isPositive();
        JsonNode billing = EventStream.finished(events, "billing");
        assertThat(billing.path("outputs").path("answer").path("text").asText()).isEqualTo("Answer to: My invoice is wrong");
        JsonNode finished = EventStream.named(events, "run_finished").get(0).data();
        assertThat(finished.path("status").asText()).isEqualTo("completed");
        assertThat(finished.path("outputs").path("answer").asText()).isEqualTo("Answer to: My invoice is wrong");
        assertThat(finished.path("outputs").path("category").asText()).isEqualTo("billing");
        assertThat(finished.path("tokens").path("total").asInt()).isEqualTo(12 + 4 + 30 + 8);
        String runPath = base + "/test-runs/" + run.path("id").asText();
        assertThat(json(get(runPath, viewer), 200).path("status").asText()).isEqualTo("completed");

        // 7. Change the billing prompt and re-run only that node against the stored classification.
        HttpResponse<String> draft = get(base + "/draft", designer);
        ObjectNode edited = (ObjectNode) json(draft, 200).path("graph");
        ((ObjectNode) node(edited, "billing").path("settings")).put("prompt", "Reply in one line to: {{message}}");
        HttpResponse<String> savedEdit = put(base + "/draft", designer, draft.headers().firstValue("ETag").orElseThrow(), edited);
        json(savedEdit, 200);
        long classifyCalls = chatCalls("small-fast");
        long answerCalls = chatCalls("chat-default");
        JsonNode rerun = json(post(runPath + "/nodes/billing/rerun", designer, null, "{}"), 202);
        List<EventStream.Event> again = EventStream.read(port, rerun.path("events").asText(), designer);
        assertThat(EventStream.named(again, "node_started")).extracting(e -> e.data().path("nodeId").asText())
                .containsExactly("billing");
        assertThat(EventStream.named(again, "node_finished")).extracting(e -> e.data().path("nodeId").asText())
                .containsExactly("billing");
        String newAnswer = EventStream.finished(again, "billing").path("outputs").path("answer").path("text").asText();
        assertThat(newAnswer).isEqualTo("Answer to: Reply in one line to: My invoice is wrong")
                .isNotEqualTo(billing.path("outputs").path("answer").path("text").asText());
        assertThat(chatCalls("small-fast")).as("classify did not run again").isEqualTo(classifyCalls);
        assertThat(chatCalls("chat-default")).isEqualTo(answerCalls + 1);

        // 8. Publish the change, then restore the first version into the draft.
        json(post(base + "/versions", developer, null, "{\"name\": \"v2\", \"comment\": \"shorter answers\"}"), 201);
        HttpResponse<String> beforeRestore = get(base + "/draft", designer);
        JsonNode restored = json(post(base + "/versions/1/restore", designer,
                beforeRestore.headers().firstValue("ETag").orElseThrow(), ""), 200);
        assertThat(node(restored.path("graph"), "billing").path("settings").path("prompt").asText()).isEqualTo("{{message}}");
        JsonNode diff = json(get(base + "/diff?from=1&to=draft", viewer), 200);
        assertThat(diff.toString()).doesNotContain("Reply in one line");
        JsonNode versions = json(get(base + "/versions", viewer), 200);
        assertThat(versions.findValuesAsText("name")).containsExactlyInAnyOrder("v1", "v2");
        assertThat(json(get(base + "/history", viewer), 200).findValuesAsText("action"))
                .contains("draft_saved", "published", "restored");
    }
}
