package dev.weft.testsupport.llm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FakeOpenAiServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final FakeOpenAiServer server = FakeOpenAiServer.start();

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path.substring(3)))
                .header("Content-Type", "application/json").header("Authorization", "Bearer sk-test")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void answersAScriptedCompletionWithUsageAndRecordsTheRequest() throws Exception {
        server.enqueue(FakeReply.text("Paris is the capital.").withUsage(21, 5));

        var response = post("/v1/chat/completions",
                "{\"model\":\"m1\",\"messages\":[{\"role\":\"user\",\"content\":\"Capital of France?\"}]}");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.at("/choices/0/message/content").asText()).isEqualTo("Paris is the capital.");
        assertThat(body.at("/usage/prompt_tokens").asInt()).isEqualTo(21);
        assertThat(body.at("/usage/total_tokens").asInt()).isEqualTo(26);
        assertThat(body.at("/model").asText()).isEqualTo("m1");
        assertThat(server.requests(FakeOpenAiServer.CHAT)).singleElement()
                .satisfies(r -> assertThat(r.header("authorization")).isEqualTo("Bearer sk-test"));
    }

    @Test
    void echoesTheLastUserMessageWhenTheScriptIsUsedUp() throws Exception {
        var response = post("/v1/chat/completions",
                "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"ping\"}]}");

        assertThat(JSON.readTree(response.body()).at("/choices/0/message/content").asText()).isEqualTo("echo: ping");
    }

    @Test
    void streamsChunksThenUsageThenDone() throws Exception {
        server.enqueue(FakeReply.text("one two three").withUsage(4, 3));

        var response = post("/v1/chat/completions", "{\"model\":\"m\",\"stream\":true,"
                + "\"stream_options\":{\"include_usage\":true},\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");

        assertThat(response.headers().firstValue("content-type")).hasValue("text/event-stream");
        List<String> data = response.body().lines().filter(l -> l.startsWith("data: ")).map(l -> l.substring(6)).toList();
        assertThat(data.getLast()).isEqualTo("[DONE]");
        StringBuilder text = new StringBuilder();
        for (String d : data.subList(0, data.size() - 1)) {
            JsonNode chunk = JSON.readTree(d);
            text.append(chunk.at("/choices/0/delta/content").asText(""));
        }
        assertThat(text).hasToString("one two three");
        assertThat(JSON.readTree(data.get(data.size() - 2)).at("/usage/completion_tokens").asInt()).isEqualTo(3);
    }

    @Test
    void cutsAStreamWithoutDone() throws Exception {
        server.enqueue(FakeReply.text("a b c d e").withCutAfterChunks(2));

        var response = post("/v1/chat/completions",
                "{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");

        assertThat(response.body()).doesNotContain("[DONE]").doesNotContain("finish_reason\":\"stop");
        assertThat(response.body().lines().filter(l -> l.startsWith("data: ")).count()).isEqualTo(3);
    }

    @Test
    void sendsRateLimitWithRetryAfterAndProviderErrors() throws Exception {
        server.enqueue(FakeReply.rateLimited(Duration.ofSeconds(7)), FakeReply.contextLengthExceeded(),
                FakeReply.malformedJson());
        String req = "{\"model\":\"m\",\"messages\":[]}";

        var limited = post("/v1/chat/completions", req);
        var tooLong = post("/v1/chat/completions", req);
        var malformed = post("/v1/chat/completions", req);

        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("retry-after")).hasValue("7");
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(tooLong.body()).at("/error/code").asText()).isEqualTo("context_length_exceeded");
        assertThat(malformed.statusCode()).isEqualTo(200);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> JSON.readTree(malformed.body()))
                .isInstanceOf(java.io.IOException.class);
    }

    @Test
    void returnsToolCalls() throws Exception {
        server.enqueue(FakeReply.toolCall("call_1", "weather", "{\"city\":\"Oslo\"}"));

        var response = post("/v1/chat/completions", "{\"model\":\"m\",\"messages\":[]}");

        JsonNode message = JSON.readTree(response.body()).at("/choices/0/message");
        assertThat(message.at("/tool_calls/0/function/name").asText()).isEqualTo("weather");
        assertThat(message.at("/tool_calls/0/function/arguments").asText()).isEqualTo("{\"city\":\"Oslo\"}");
        assertThat(JSON.readTree(response.body()).at("/choices/0/finish_reason").asText()).isEqualTo("tool_calls");
    }

    @Test
    void embedsDeterministicallyAndListsModels() throws Exception {
        var first = JSON.readTree(post("/v1/embeddings", "{\"model\":\"e\",\"input\":[\"hello world\",\"other\"]}").body());
        var again = JSON.readTree(post("/v1/embeddings", "{\"model\":\"e\",\"input\":\"hello world\"}").body());

        assertThat(first.at("/data").size()).isEqualTo(2);
        assertThat(first.at("/data/0/embedding").size()).isEqualTo(384);
        assertThat(first.at("/data/0/embedding")).isEqualTo(again.at("/data/0/embedding"));
        assertThat(first.at("/data/1/embedding")).isNotEqualTo(first.at("/data/0/embedding"));

        server.models("a", "b");
        var models = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/models")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(JSON.readTree(models.body()).at("/data").findValuesAsText("id")).containsExactly("a", "b");
    }

    @Test
    void scriptsFailuresOfTheModelsEndpointSeparately() throws Exception {
        server.enqueueFor(FakeOpenAiServer.MODELS, FakeReply.status(503, "server_error", "warming up"));
        var get = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/models")).build();

        assertThat(http.send(get, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(503);
        assertThat(http.send(get, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    }
}
