package dev.weft.designer.run;

import dev.weft.designer.EngineRestClient;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.designer.DesignerDatabase;
import dev.weft.designer.DesignerTestApplication;
import dev.weft.designer.Http;
import dev.weft.designer.Sse;
import dev.weft.designer.TestJson;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.worker.JobWorker;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Lazy;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import redis.clients.jedis.Jedis;

/**
 * Test runs over HTTP and Server-Sent Events on the embedded engine: every node's inputs and outputs stream in from
 * the record log, late subscribers get the replay, Last-Event-ID resumes, one node re-runs alone against the stored
 * outputs of its upstream nodes, an incident ends the run as failed, and live tokens on Redis are relayed.
 */
@SpringBootTest(classes = {DesignerTestApplication.class, EngineRestClient.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestRunApiTest {

    static final String REDIS = System.getenv().getOrDefault("WEFT_REDIS_URL", "redis://127.0.0.1:6379");

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        DesignerDatabase.register(registry, "designer_runs", true);
        registry.add("spring.data.redis.url", () -> REDIS);
        registry.add("weft.designer.test-run-poll-interval", () -> "20ms");
    }


    @LocalServerPort
    int port;
    @Autowired
    @Lazy
    CamundaClient client;
    Http http;
    /** Every job the echo worker completed: message in, so a re-run can prove which nodes ran. */
    final List<String> echoed = new CopyOnWriteArrayList<>();
    JobWorker echo;
    JobWorker failing;

    @BeforeAll
    void workers() {
        echo = client.newWorker().jobType("designer-run-echo").handler((jobs, job) -> {
            String message = String.valueOf(job.getVariablesAsMap().get("message"));
            if (message.startsWith("tokens")) {
                publishTokens(job.getProcessInstanceKey(), job.getElementId(), job.getElementInstanceKey(), job.getKey());
            }
            echoed.add(message);
            jobs.newCompleteCommand(job.getKey()).variables(Map.of("result", message + "?")).send().join();
        }).pollInterval(Duration.ofMillis(50)).open();
        failing = client.newWorker().jobType("designer-run-fail").handler((jobs, job) ->
                jobs.newFailCommand(job.getKey()).retries(0).errorMessage("the service said no").send().join())
                .pollInterval(Duration.ofMillis(50)).open();
    }

    @AfterAll
    void close() {
        echo.close();
        failing.close();
    }

    @BeforeEach
    void http() {
        http = new Http(port);
    }

    /** Like the workers: waits until the run's stream listens on the channel, then streams two deltas. */
    private static void publishTokens(long instance, String elementId, long elementInstanceKey, long jobKey) {
        String channel = TokenRelay.channel(instance);
        try (Jedis jedis = new Jedis(URI.create(REDIS))) {
            for (int i = 0; i < 200 && jedis.pubsubNumSub(channel).getOrDefault(channel, 0L) == 0; i++) {
                Thread.sleep(25);
            }
            for (int seq = 0; seq < 2; seq++) {
                jedis.publish(channel, "{\"processInstanceKey\":" + instance + ",\"elementId\":\"" + elementId
                        + "\",\"elementInstanceKey\":" + elementInstanceKey + ",\"jobKey\":" + jobKey + ",\"seq\":" + seq
                        + ",\"delta\":\"" + (seq == 0 ? "Hel" : "lo") + "\"}");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final String GRAPH = """
            {"formatVersion": 1, "name": "Echo and shout",
             "nodes": [
               {"id": "start", "type": "start", "settings": {"form": [{"key": "text", "type": "string"}]}},
               {"id": "echo", "type": "task", "settings": {"jobType": "designer-run-echo",
                  "inputs": {"message": {"selector": ["start", "text"]}}}},
               {"id": "shout", "type": "script", "settings": {"expression": "=upper case(result)"}},
               {"id": "end", "type": "end", "settings": {"outputs": {"answer": {"selector": ["shout", "result"]}}}}],
             "edges": [{"id": "a", "source": "start", "target": "echo"}, {"id": "b", "source": "echo", "target": "shout"},
                       {"id": "c", "source": "shout", "target": "end"}]}
            """;

    private String importFlow(String graph) {
        Http.Response created = http.postJson("/api/designer/flows/import", graph);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().path("flow").path("id").asText();
    }

    private JsonNode startRun(String flowId, Map<String, Object> inputs) {
        Http.Response r = http.postJson("/api/designer/flows/" + flowId + "/test-runs", Map.of("inputs", inputs));
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        assertThat(r.header("Location")).endsWith("/test-runs/" + r.json().path("id").asText());
        return r.json();
    }

    private static JsonNode finished(Sse.Result r, String nodeId) {
        return r.named("node_finished").stream().filter(e -> e.data().path("nodeId").asText().equals(nodeId))
                .findFirst().orElseThrow(() -> new AssertionError("no node_finished for " + nodeId + " in " + r.events()))
                .data();
    }

    @Test
    void aTestRunStreamsEveryNodesInputsAndOutputsAndReplaysForLateSubscribers() {
        String flowId = importFlow(GRAPH);
        JsonNode run = startRun(flowId, Map.of("text", "hello"));
        String events = run.path("events").asText();
        assertThat(events).isEqualTo("/api/designer/flows/" + flowId + "/test-runs/" + run.path("id").asText() + "/events");

        Sse.Result live = Sse.read(port, events, null, "run_finished");
        assertThat(live.status()).isEqualTo(200);
        assertThat(live.named("node_started")).extracting(e -> e.data().path("nodeId").asText())
                .containsExactly("start", "echo", "shout", "end");
        JsonNode echo = finished(live, "echo");
        assertThat(echo.path("status").asText()).isEqualTo("completed");
        assertThat(echo.path("inputs")).isEqualTo(TestJson.JSON.createObjectNode().put("message", "hello"));
        assertThat(echo.path("outputs")).isEqualTo(TestJson.JSON.createObjectNode().put("result", "hello?"));
        assertThat(echo.path("durationMs").asLong()).isNotNegative();
        assertThat(finished(live, "start").path("outputs").path("text").asText()).isEqualTo("hello");
        assertThat(finished(live, "shout").path("outputs").path("result").asText()).isEqualTo("HELLO?");
        JsonNode end = live.named("run_finished").get(0).data();
        assertThat(end.path("status").asText()).isEqualTo("completed");
        assertThat(end.path("outputs").path("answer").asText()).isEqualTo("HELLO?");
        assertThat(live.events()).allSatisfy(e -> assertThat(e.id()).matches("\\d+-\\d+"));
        assertThat(live.events()).allSatisfy(e -> assertThat(e.data().path("runId").asText()).isEqualTo(run.path("id").asText()));

        // A late subscriber gets the same events with the same ids; Last-Event-ID resumes after one of them.
        Sse.Result late = Sse.read(port, events, null, "run_finished");
        assertThat(late.events()).isEqualTo(live.events());
        Sse.Result resumed = Sse.read(port, events, live.events().get(2).id(), "run_finished");
        assertThat(resumed.events()).isEqualTo(live.events().subList(3, live.events().size()));

        JsonNode whole = http.get("/api/designer/flows/" + flowId + "/test-runs/" + run.path("id").asText()).json();
        assertThat(whole.path("status").asText()).isEqualTo("completed");
        assertThat(whole.path("kind").asText()).isEqualTo("run");
        assertThat(whole.path("nodes").findValuesAsText("nodeId")).containsExactly("start", "echo", "shout", "end");
        assertThat(whole.path("finished").path("outputs").path("answer").asText()).isEqualTo("HELLO?");
        assertThat(http.get("/api/designer/flows/" + flowId + "/test-runs").json().findValuesAsText("id"))
                .contains(run.path("id").asText());

        // The test run never became a published version of the flow.
        assertThat(http.get("/api/designer/flows/" + flowId + "/versions").json()).isEmpty();
    }

    @Test
    void oneEditedNodeReRunsAloneAgainstTheStoredOutputsOfItsUpstreamNodes() {
        String flowId = importFlow(GRAPH);
        JsonNode run = startRun(flowId, Map.of("text", "rerun me"));
        String runId = run.path("id").asText();
        Sse.Result first = Sse.read(port, run.path("events").asText(), null, "run_finished");
        assertThat(finished(first, "shout").path("outputs").path("result").asText()).isEqualTo("RERUN ME?");
        long echoesBefore = echoed.stream().filter(m -> m.equals("rerun me")).count();
        assertThat(echoesBefore).isEqualTo(1);

        // Edit the script in the draft, then re-run only that node.
        Http.Response draft = http.get("/api/designer/flows/" + flowId + "/draft");
        ObjectNode graph = (ObjectNode) draft.json().path("graph");
        for (JsonNode n : graph.path("nodes")) {
            if (n.path("id").asText().equals("shout")) {
                ((ObjectNode) n.path("settings")).put("expression", "=string length(result)");
            }
        }
        Http.Response saved = http.putJson("/api/designer/flows/" + flowId + "/draft", graph, "If-Match", draft.header("ETag"));
        assertThat(saved.status()).as(saved.body()).isEqualTo(200);

        Http.Response rerun = http.postJson("/api/designer/flows/" + flowId + "/test-runs/" + runId + "/nodes/shout/rerun", "{}");
        assertThat(rerun.status()).as(rerun.body()).isEqualTo(202);
        assertThat(rerun.json().path("kind").asText()).isEqualTo("rerun");
        assertThat(rerun.json().path("sourceRunId").asText()).isEqualTo(runId);
        Sse.Result again = Sse.read(port, rerun.json().path("events").asText(), null, "run_finished");
        assertThat(again.named("node_started")).extracting(e -> e.data().path("nodeId").asText()).containsExactly("shout");
        assertThat(again.named("node_finished")).extracting(e -> e.data().path("nodeId").asText()).containsExactly("shout");
        JsonNode shout = finished(again, "shout");
        assertThat(shout.path("outputs").path("result").asInt()).isEqualTo("rerun me?".length());
        assertThat(again.named("run_finished").get(0).data().path("status").asText()).isEqualTo("completed");
        assertThat(echoed.stream().filter(m -> m.equals("rerun me")).count()).as("the upstream node did not run again")
                .isEqualTo(echoesBefore);

        // Settings given with the request win over the draft, without saving them.
        Http.Response tried = http.postJson("/api/designer/flows/" + flowId + "/test-runs/" + runId + "/nodes/shout/rerun",
                Map.of("settings", Map.of("expression", "=result + \"!\"")));
        assertThat(tried.status()).as(tried.body()).isEqualTo(202);
        Sse.Result third = Sse.read(port, tried.json().path("events").asText(), null, "run_finished");
        assertThat(finished(third, "shout").path("outputs").path("result").asText()).isEqualTo("rerun me?!");
        assertThat(http.get("/api/designer/flows/" + flowId + "/draft").json().path("graph").toString())
                .contains("string length(result)");
    }

    @Test
    void anIncidentEndsTheRunAsFailedOnTheNodeWithTheWorkersMessage() {
        String flowId = importFlow("""
                {"formatVersion": 1, "name": "Fails",
                 "nodes": [
                   {"id": "start", "type": "start"},
                   {"id": "call", "type": "task", "settings": {"jobType": "designer-run-fail"}, "errorPolicy": {"retries": 1}},
                   {"id": "end", "type": "end"}],
                 "edges": [{"id": "a", "source": "start", "target": "call"}, {"id": "b", "source": "call", "target": "end"}]}
                """);
        JsonNode run = startRun(flowId, Map.of());
        Sse.Result r = Sse.read(port, run.path("events").asText(), null, "run_finished");
        JsonNode call = finished(r, "call");
        assertThat(call.path("status").asText()).isEqualTo("failed");
        assertThat(call.path("error").path("message").asText()).contains("the service said no");
        assertThat(call.has("outputs")).isFalse();
        JsonNode end = r.named("run_finished").get(0).data();
        assertThat(end.path("status").asText()).isEqualTo("failed");
        assertThat(end.path("error").path("nodeId").asText()).isEqualTo("call");
        // A failed test run does not linger in the engine waiting for an operator.
        long instance = run.path("processInstanceKey").asLong();
        for (int i = 0; i < 100; i++) {
            String state = client.newProcessInstanceGetRequest(instance).send().join().getState().name();
            if (!state.equals("ACTIVE")) {
                break;
            }
            sleep();
        }
        assertThat(client.newProcessInstanceGetRequest(instance).send().join().getState().name()).isNotEqualTo("ACTIVE");
    }

    @Test
    void liveTokensFromRedisAreRelayedWhileTheStreamIsOpen() {
        String flowId = importFlow(GRAPH);
        JsonNode run = startRun(flowId, Map.of("text", "tokens please"));
        Sse.Result r = Sse.read(port, run.path("events").asText(), null, "run_finished");
        List<Sse.Event> tokens = r.named("node_token");
        assertThat(tokens).extracting(e -> e.data().path("delta").asText()).containsExactly("Hel", "lo");
        assertThat(tokens).allSatisfy(e -> {
            assertThat(e.id()).isNull();
            assertThat(e.data().path("nodeId").asText()).isEqualTo("echo");
        });
        assertThat(tokens.get(1).data().path("seq").asLong()).isEqualTo(1);
    }

    @Test
    void badRequestsGetPreciseProblems() {
        String flowId = importFlow(GRAPH);
        JsonNode run = startRun(flowId, Map.of("text", "x"));
        String base = "/api/designer/flows/" + flowId + "/test-runs/";
        Sse.read(port, run.path("events").asText(), null, "run_finished");

        Http.Response end = http.postJson(base + run.path("id").asText() + "/nodes/end/rerun", "{}");
        assertThat(end.status()).isEqualTo(400);
        assertThat(end.json().path("field").asText()).isEqualTo("nodeId");
        Http.Response ghost = http.postJson(base + run.path("id").asText() + "/nodes/ghost/rerun", "{}");
        assertThat(ghost.status()).isEqualTo(404);
        assertThat(ghost.json().path("detail").asText()).contains("ghost");
        Http.Response unknownRun = http.get(base + "00000000-0000-0000-0000-000000000000");
        assertThat(unknownRun.status()).isEqualTo(404);
        Sse.Result badId = Sse.read(port, run.path("events").asText(), "yesterday", "run_finished");
        assertThat(badId.status()).isEqualTo(400);
        assertThat(badId.body()).contains("Last-Event-ID");

        // An invalid draft does not start: the errors name the node.
        Http.Response draft = http.get("/api/designer/flows/" + flowId + "/draft");
        ObjectNode graph = (ObjectNode) draft.json().path("graph");
        ((ObjectNode) graph.path("nodes").get(1).path("settings")).remove("jobType");
        assertThat(http.putJson("/api/designer/flows/" + flowId + "/draft", graph, "If-Match", draft.header("ETag")).status())
                .isEqualTo(200);
        Http.Response invalid = http.postJson("/api/designer/flows/" + flowId + "/test-runs", Map.of("inputs", Map.of()));
        assertThat(invalid.status()).isEqualTo(422);
        assertThat(invalid.json().path("issues").findValuesAsText("nodeId")).contains("echo");
    }

    /** In sequence ("parallel": false): the generated sub-process is sequential and the import keeps it so. */
    @Test
    void aMapOverAnInlineSubGraphRunsItPerItemAndImportsBack() {
        String flowId = importFlow("""
                {"formatVersion": 1, "name": "Shout each",
                 "nodes": [
                   {"id": "start", "type": "start", "settings": {"form": [{"key": "words", "type": "array"}]}},
                   {"id": "each", "type": "map", "settings": {"items": {"selector": ["start", "words"]}, "itemVariable": "word",
                      "parallel": false, "result": {"selector": ["mark", "result"]},
                      "nodes": [{"id": "loud", "type": "script", "settings": {"expression": {"selector": ["each", "word"]}}},
                                {"id": "mark", "type": "script", "settings": {"expression": "=upper case(loud.result) + \\"!\\""}}],
                      "edges": [{"id": "i1", "source": "loud", "target": "mark"}]}},
                   {"id": "end", "type": "end", "settings": {"outputs": {"all": {"selector": ["each", "results"]}}}}],
                 "edges": [{"id": "a", "source": "start", "target": "each"}, {"id": "b", "source": "each", "target": "end"}]}
                """);
        JsonNode run = startRun(flowId, Map.of("words", List.of("hi", "there", "you")));
        Sse.Result r = Sse.read(port, run.path("events").asText(), null, "run_finished");
        JsonNode end = r.named("run_finished").get(0).data();
        assertThat(end.path("status").asText()).as(r.events().toString()).isEqualTo("completed");
        assertThat(end.path("outputs").path("all")).extracting(JsonNode::asText).containsExactly("HI!", "THERE!", "YOU!");
        // Inline nodes report once per item; the map once.
        assertThat(r.named("node_finished").stream().filter(e -> e.data().path("nodeId").asText().equals("mark"))).hasSize(3);
        assertThat(finished(r, "each").path("outputs").path("results")).hasSize(3);

        // The generated BPMN imports back into the same inline sub-graph.
        Http.Response bpmn = http.get("/api/designer/flows/" + flowId + "/export?format=bpmn");
        assertThat(bpmn.status()).as(bpmn.body()).isEqualTo(200);
        assertThat(bpmn.body()).contains("subProcess", "each__plane");
        Http.Response back = http.send("POST", "/api/designer/flows/import", "application/bpmn+xml", bpmn.body());
        assertThat(back.status()).as(back.body()).isEqualTo(201);
        JsonNode each = back.json().path("draft").path("graph").path("nodes").get(1);
        assertThat(each.path("type").asText()).isEqualTo("map");
        assertThat(each.path("settings").path("nodes").findValuesAsText("id")).containsExactly("loud", "mark");
        assertThat(each.path("settings").path("itemVariable").asText()).isEqualTo("word");
        assertThat(each.path("settings").path("parallel").asBoolean(true)).isFalse();
        assertThat(back.json().path("draft").path("issues").findValuesAsText("severity")).doesNotContain("error");
    }

    /**
     * In parallel (the default when "parallel" is absent): every item's inner instance is created before any
     * proceeds, script-only items all complete within one engine command, and the output collection still follows
     * item order.
     */
    @Test
    void aMapOverAnInlineSubGraphRunsItsItemsInParallelAndCollectsInItemOrder() {
        String flowId = importFlow("""
                {"formatVersion": 1, "name": "Shout each at once",
                 "nodes": [
                   {"id": "start", "type": "start", "settings": {"form": [{"key": "words", "type": "array"}]}},
                   {"id": "each", "type": "map", "settings": {"items": {"selector": ["start", "words"]}, "itemVariable": "word",
                      "result": {"selector": ["mark", "result"]},
                      "nodes": [{"id": "loud", "type": "script", "settings": {"expression": {"selector": ["each", "word"]}}},
                                {"id": "mark", "type": "script", "settings": {"expression": "=upper case(loud.result) + \\"!\\""}}],
                      "edges": [{"id": "i1", "source": "loud", "target": "mark"}]}},
                   {"id": "end", "type": "end", "settings": {"outputs": {"all": {"selector": ["each", "results"]}}}}],
                 "edges": [{"id": "a", "source": "start", "target": "each"}, {"id": "b", "source": "each", "target": "end"}]}
                """);
        Http.Response bpmn = http.get("/api/designer/flows/" + flowId + "/export?format=bpmn");
        assertThat(bpmn.status()).as(bpmn.body()).isEqualTo(200);
        assertThat(bpmn.body()).contains("multiInstanceLoopCharacteristics").doesNotContain("isSequential=\"true\"");

        JsonNode run = startRun(flowId, Map.of("words", List.of("one", "two", "three", "four", "five")));
        Sse.Result r = Sse.read(port, run.path("events").asText(), null, "run_finished");
        JsonNode end = r.named("run_finished").get(0).data();
        assertThat(end.path("status").asText()).as(r.events().toString()).isEqualTo("completed");
        assertThat(end.path("outputs").path("all")).extracting(JsonNode::asText)
                .containsExactly("ONE!", "TWO!", "THREE!", "FOUR!", "FIVE!");
        assertThat(r.named("node_finished").stream().filter(e -> e.data().path("nodeId").asText().equals("loud"))).hasSize(5);
        assertThat(r.named("node_finished").stream().filter(e -> e.data().path("nodeId").asText().equals("mark"))).hasSize(5);
        assertThat(finished(r, "each").path("outputs").path("results")).extracting(JsonNode::asText)
                .containsExactly("ONE!", "TWO!", "THREE!", "FOUR!", "FIVE!");

        Http.Response back = http.send("POST", "/api/designer/flows/import", "application/bpmn+xml", bpmn.body());
        assertThat(back.status()).as(back.body()).isEqualTo(201);
        JsonNode each = back.json().path("draft").path("graph").path("nodes").get(1);
        assertThat(each.path("settings").path("parallel").asBoolean(false)).isTrue();
        assertThat(each.path("settings").path("nodes").findValuesAsText("id")).containsExactly("loud", "mark");
    }

    @Test
    void anInlineSubGraphIsValidatedLikeAFlowAndItsIssuesLandOnTheMapNode() {
        Http.Response r = http.postJson("/api/designer/validate", """
                {"formatVersion": 1, "name": "Bad map",
                 "nodes": [
                   {"id": "start", "type": "start", "settings": {"form": [{"key": "words", "type": "array"}]}},
                   {"id": "each", "type": "map", "settings": {"items": {"selector": ["start", "words"]},
                      "nodes": [{"id": "loud", "type": "script", "settings": {"expression": {"selector": ["each", "nope"]}}},
                                {"id": "wait", "type": "timer", "settings": {"duration": "PT1S"}}],
                      "edges": [{"id": "i1", "source": "loud", "target": "wait"}]}},
                   {"id": "end", "type": "end"}],
                 "edges": [{"id": "a", "source": "start", "target": "each"}, {"id": "b", "source": "each", "target": "end"}]}
                """);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().findValuesAsText("code")).contains("MAP_INNER_NODE");
        assertThat(r.json().findParents("code").stream().filter(i -> i.path("code").asText().equals("MAP_INNER_NODE")))
                .allSatisfy(i -> {
                    assertThat(i.path("nodeId").asText()).isEqualTo("each");
                    assertThat(i.path("pointer").asText()).isEqualTo("/nodes/1/settings/nodes/1/type");
                });

        Http.Response ref = http.postJson("/api/designer/validate", """
                {"formatVersion": 1, "name": "Bad reference",
                 "nodes": [
                   {"id": "start", "type": "start", "settings": {"form": [{"key": "words", "type": "array"}]}},
                   {"id": "each", "type": "map", "settings": {"items": {"selector": ["start", "words"]},
                      "nodes": [{"id": "loud", "type": "script", "settings": {"expression": {"selector": ["each", "nope"]}}}]}},
                   {"id": "end", "type": "end"}],
                 "edges": [{"id": "a", "source": "start", "target": "each"}, {"id": "b", "source": "each", "target": "end"}]}
                """);
        JsonNode issue = ref.json().findParents("code").stream().filter(i -> i.path("severity").asText().equals("error"))
                .findFirst().orElseThrow(() -> new AssertionError(ref.body()));
        assertThat(issue.path("nodeId").asText()).isEqualTo("each");
        assertThat(issue.path("pointer").asText()).startsWith("/nodes/1/settings/nodes/0/settings/expression");
        assertThat(issue.path("message").asText()).contains("Inside map 'each'", "loud", "nope");

        Http.Response neither = http.postJson("/api/designer/validate", """
                {"formatVersion": 1, "name": "Empty map",
                 "nodes": [{"id": "start", "type": "start"}, {"id": "each", "type": "map", "settings": {"items": "=[1]"}},
                           {"id": "end", "type": "end"}],
                 "edges": [{"id": "a", "source": "start", "target": "each"}, {"id": "b", "source": "each", "target": "end"}]}
                """);
        assertThat(neither.json().findValuesAsText("code")).contains("MAP_BODY");
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
