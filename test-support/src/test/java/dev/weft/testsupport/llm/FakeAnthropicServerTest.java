package dev.weft.testsupport.llm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FakeAnthropicServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final FakeAnthropicServer server = FakeAnthropicServer.start();

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> post(String body, boolean withVersion) throws Exception {
        var b = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/messages")).header("x-api-key", "k");
        if (withVersion) {
            b.header("anthropic-version", "2023-06-01");
        }
        return http.send(b.POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void answersAMessageWithUsage() throws Exception {
        server.enqueue(FakeReply.text("Bonjour").withUsage(10, 2));

        var response = post("{\"model\":\"c\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", true);

        JsonNode body = JSON.readTree(response.body());
        assertThat(body.at("/content/0/text").asText()).isEqualTo("Bonjour");
        assertThat(body.at("/stop_reason").asText()).isEqualTo("end_turn");
        assertThat(body.at("/usage/input_tokens").asInt()).isEqualTo(10);
        assertThat(body.at("/usage/output_tokens").asInt()).isEqualTo(2);
    }

    @Test
    void rejectsARequestWithoutTheVersionHeader() throws Exception {
        var response = post("{\"model\":\"c\",\"max_tokens\":10,\"messages\":[]}", false);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).at("/error/type").asText()).isEqualTo("invalid_request_error");
    }

    @Test
    void streamsNamedEventsEndingWithMessageStop() throws Exception {
        server.enqueue(FakeReply.text("a b").withUsage(3, 2));

        var response = post("{\"model\":\"c\",\"max_tokens\":10,\"stream\":true,\"messages\":[]}", true);

        List<String> events = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (String line : response.body().lines().toList()) {
            if (line.startsWith("event: ")) {
                events.add(line.substring(7));
            } else if (line.startsWith("data: ")) {
                JsonNode d = JSON.readTree(line.substring(6));
                text.append(d.at("/delta/text").asText(""));
            }
        }
        assertThat(events).startsWith("message_start", "content_block_start").endsWith("message_delta", "message_stop");
        assertThat(text).hasToString("a b");
    }

    @Test
    void mapsScriptedErrorsToAnthropicShapes() throws Exception {
        server.enqueue(FakeReply.status(529, null, "Overloaded"), FakeReply.contextLengthExceeded(), FakeReply.contentPolicy());
        String req = "{\"model\":\"c\",\"max_tokens\":10,\"messages\":[]}";

        var overloaded = post(req, true);
        var tooLong = post(req, true);
        var refused = post(req, true);

        assertThat(overloaded.statusCode()).isEqualTo(529);
        assertThat(JSON.readTree(overloaded.body()).at("/error/type").asText()).isEqualTo("overloaded_error");
        assertThat(JSON.readTree(tooLong.body()).at("/error/message").asText()).startsWith("prompt is too long");
        assertThat(JSON.readTree(refused.body()).at("/stop_reason").asText()).isEqualTo("refusal");
    }
}
