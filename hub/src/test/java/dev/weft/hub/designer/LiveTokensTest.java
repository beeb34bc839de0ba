package dev.weft.hub.designer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.hub.HubIntegrationTest;
import dev.weft.hub.KeycloakTokens;
import dev.weft.testsupport.WeftServices;
import dev.weft.workers.llm.step.RedisTokenSink;
import dev.weft.workers.llm.step.TokenSink;
import dev.weft.workers.runtime.WeftAi;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import redis.clients.jedis.Jedis;

/**
 * Live tokens end to end in the hub: an llm node with {@code stream} on, run as a designer test run, is served by
 * the built-in weft.llm worker against the fake OpenAI server streaming its answer; the worker's token sink (wired
 * by the hub because Redis is configured) publishes each delta and the run's SSE stream relays them as
 * {@code node_token} events. Nothing in this test publishes to Redis.
 */
class LiveTokensTest extends HubIntegrationTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static final String GRAPH = """
            {"formatVersion": 1, "name": "Streamed answer",
             "nodes": [
               {"id": "start", "type": "start", "settings": {"form": [{"key": "question", "type": "string", "required": true}]}},
               {"id": "reply", "type": "llm", "settings": {"model": "streamed", "prompt": "{{question}}", "stream": true}},
               {"id": "end", "type": "end", "settings": {"outputs": {"text": {"selector": ["reply", "answer", "text"]}}}}],
             "edges": [{"id": "a", "source": "start", "target": "reply"}, {"id": "b", "source": "reply", "target": "end"}]}
            """;

    @Autowired
    WeftAi ai;
    @Autowired
    List<TokenSink> sinks;

    JsonNode json(HttpResponse<String> r, int status) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        return JSON.readTree(r.body());
    }

    @Test
    void theWorkersStreamedDeltasArriveAsNodeTokensBeforeTheNodeFinishes() throws Exception {
        assertThat(sinks).as("the hub wires the Redis token sink").singleElement().isInstanceOf(RedisTokenSink.class);
        FakeModels.register(ai);
        String developer = KeycloakTokens.user("developer");
        String question = "Which trains go to Lyon? " + System.nanoTime();
        CompletableFuture<Void> gate = new CompletableFuture<>();
        FakeModels.STREAM_GATES.put(question, gate);
        try {
            String flowId = json(send("POST", "/api/designer/flows/import", developer, GRAPH), 201)
                    .path("flow").path("id").asText();
            JsonNode run = json(send("POST", "/api/designer/flows/" + flowId + "/test-runs", developer,
                    JSON.writeValueAsString(java.util.Map.of("inputs", java.util.Map.of("question", question)))), 202);
            CompletableFuture<List<EventStream.Event>> events = CompletableFuture.supplyAsync(() -> {
                try {
                    return EventStream.read(port, run.path("events").asText(), developer);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            // The model answers only once the stream listens on the run's channel, so no delta can precede it.
            String channel = RedisTokenSink.channel(run.path("processInstanceKey").asLong());
            try (Jedis redis = new Jedis(WeftServices.get().redisUrl())) {
                for (int i = 0; i < 400 && redis.pubsubNumSub(channel).getOrDefault(channel, 0L) == 0 && !events.isDone(); i++) {
                    Thread.sleep(25);
                }
            }
            gate.complete(null);
            List<EventStream.Event> all = events.get();

            String expected = "Streamed answer to: " + question;
            List<EventStream.Event> tokens = EventStream.named(all, "node_token");
            assertThat(tokens).as(all.toString()).isNotEmpty();
            assertThat(tokens).allSatisfy(e -> assertThat(e.data().path("nodeId").asText()).isEqualTo("reply"));
            List<Long> seqs = new ArrayList<>();
            StringBuilder text = new StringBuilder();
            for (EventStream.Event e : tokens) {
                seqs.add(e.data().path("seq").asLong());
                text.append(e.data().path("delta").asText());
            }
            assertThat(seqs).as("deltas in the worker's order, none lost").isEqualTo(
                    LongStream.range(0, tokens.size()).boxed().toList());
            assertThat(text.toString()).isEqualTo(expected);

            int lastToken = all.indexOf(tokens.get(tokens.size() - 1));
            int replyFinished = all.indexOf(all.stream().filter(e -> e.name().equals("node_finished")
                    && e.data().path("nodeId").asText().equals("reply")).findFirst().orElseThrow());
            assertThat(replyFinished).as("node_finished of reply comes after its last token").isGreaterThan(lastToken);
            JsonNode finished = EventStream.finished(all, "reply");
            assertThat(finished.path("status").asText()).isEqualTo("completed");
            assertThat(finished.path("outputs").path("answer").path("text").asText()).isEqualTo(expected);
            assertThat(EventStream.named(all, "run_finished").get(0).data().path("outputs").path("text").asText())
                    .isEqualTo(expected);
        } finally {
            FakeModels.STREAM_GATES.remove(question);
        }
    }
}
