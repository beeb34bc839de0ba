package dev.weft.workers.llm.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.testsupport.llm.FakeOpenAiServer;
import dev.weft.testsupport.llm.FakeReply;
import dev.weft.workers.llm.secret.Secret;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OpenAiCompatibleProviderTest {

    private static final ProviderHttp HTTP = ProviderHttp.defaults();
    private final FakeOpenAiServer server = FakeOpenAiServer.start();
    private final OpenAiCompatibleProvider provider = new OpenAiCompatibleProvider(
            EndpointConfig.of(server.baseUrl(), Secret.of("sk-secret")), HTTP);

    @AfterEach
    void stop() {
        server.close();
    }

    private static LlmFailure failureOf(Runnable call) {
        try {
            call.run();
        } catch (LlmException e) {
            return e.failure();
        }
        throw new AssertionError("expected an LlmException");
    }

    @Test
    void completesAChatWithUsageAndSendsTheKeyAsBearer() {
        server.enqueue(FakeReply.text("Paris").withUsage(30, 1));

        ChatResponse answer = provider.chat(new ChatRequest("gpt-x", "Be brief.", List.of(ChatMessage.user("Capital of France?")),
                0.2, 50, List.of(), null));

        assertThat(answer.text()).isEqualTo("Paris");
        assertThat(answer.usage()).isEqualTo(new Usage(30, 1));
        assertThat(answer.finishReason()).isEqualTo("stop");
        var request = server.requests(FakeOpenAiServer.CHAT).getFirst();
        assertThat(request.header("authorization")).isEqualTo("Bearer sk-secret");
        assertThat(request.json().at("/messages/0/role").asText()).isEqualTo("system");
        assertThat(request.json().at("/max_tokens").asInt()).isEqualTo(50);
        assertThat(request.json().at("/temperature").asDouble()).isEqualTo(0.2);
    }

    @Test
    void streamsTextToTheListenerAndCollectsUsage() {
        server.enqueue(FakeReply.text("The quick brown fox").withUsage(5, 4));
        List<String> pieces = new ArrayList<>();

        ChatResponse answer = provider.chat(ChatRequest.of("m", "go"), pieces::add);

        assertThat(String.join("", pieces)).isEqualTo("The quick brown fox");
        assertThat(pieces).hasSizeGreaterThan(1);
        assertThat(answer.text()).isEqualTo("The quick brown fox");
        assertThat(answer.usage().totalTokens()).isEqualTo(9);
        assertThat(server.requests().getFirst().json().at("/stream_options/include_usage").asBoolean()).isTrue();
    }

    @Test
    void assemblesStreamedToolCallsFromFragments() {
        server.enqueue(FakeReply.toolCall("call_7", "lookup", "{\"q\":\"weft\",\"n\":3}"));

        ChatResponse answer = provider.chat(ChatRequest.of("m", "go"), piece -> { });

        assertThat(answer.toolCalls()).containsExactly(new ToolCall("call_7", "lookup", "{\"q\":\"weft\",\"n\":3}"));
        assertThat(answer.finishReason()).isEqualTo("tool_calls");
    }

    @Test
    void sendsToolsAndJsonSchema() throws Exception {
        var schema = new ObjectMapper().readTree("{\"type\":\"object\",\"required\":[\"a\"]}");
        var tool = new ToolDefinition("lookup", "Looks up", new ObjectMapper().readTree("{\"type\":\"object\"}"));

        provider.chat(new ChatRequest("m", null, List.of(ChatMessage.user("x")), null, null, List.of(tool), schema));

        var json = server.requests().getFirst().json();
        assertThat(json.at("/tools/0/function/name").asText()).isEqualTo("lookup");
        assertThat(json.at("/response_format/type").asText()).isEqualTo("json_schema");
        assertThat(json.at("/response_format/json_schema/schema/required/0").asText()).isEqualTo("a");
    }

    @Test
    void classifiesRateLimitWithRetryAfter() {
        server.enqueue(FakeReply.rateLimited(Duration.ofSeconds(7)));

        LlmFailure failure = failureOf(() -> provider.chat(ChatRequest.of("m", "x")));

        assertThat(failure).isInstanceOf(LlmFailure.RateLimited.class);
        assertThat(((LlmFailure.RateLimited) failure).retryAfter()).isEqualTo(Duration.ofSeconds(7));
        assertThat(failure.retryable()).isTrue();
    }

    @Test
    void classifiesServerErrorsContextLengthAndContentPolicy() {
        server.enqueue(FakeReply.serverError(), FakeReply.contextLengthExceeded(), FakeReply.contentPolicy(),
                FakeReply.status(401, "invalid_api_key", "Incorrect API key"), FakeReply.status(404, "not_found", "no model"));

        assertThat(failureOf(() -> provider.chat(ChatRequest.of("m", "x"))))
                .isInstanceOf(LlmFailure.ServerError.class).returns(true, LlmFailure::retryable);
        assertThat(failureOf(() -> provider.chat(ChatRequest.of("m", "x"))))
                .isInstanceOf(LlmFailure.ContextLengthExceeded.class).returns(false, LlmFailure::retryable);
        assertThat(failureOf(() -> provider.chat(ChatRequest.of("m", "x"))))
                .isInstanceOf(LlmFailure.ContentPolicy.class).returns("content_policy", LlmFailure::errorClass);
        assertThat(failureOf(() -> provider.chat(ChatRequest.of("m", "x"))))
                .isInstanceOf(LlmFailure.AuthenticationFailed.class);
        assertThat(failureOf(() -> provider.chat(ChatRequest.of("m", "x"))))
                .isInstanceOf(LlmFailure.BadRequest.class);
    }

    @Test
    void classifiesMalformedJsonAndCutStreamsAsInvalidResponses() {
        server.enqueue(FakeReply.malformedJson(), FakeReply.text("one two three four").withCutAfterChunks(2),
                FakeReply.text("ok").withMalformed(true));

        assertThat(failureOf(() -> provider.chat(ChatRequest.of("m", "x")))).isInstanceOf(LlmFailure.InvalidResponse.class);
        assertThat(failureOf(() -> provider.chat(ChatRequest.of("m", "x"), p -> { })))
                .isInstanceOf(LlmFailure.InvalidResponse.class)
                .extracting(LlmFailure::message, InstanceOfAssertFactories.STRING).contains("ended");
        assertThat(failureOf(() -> provider.chat(ChatRequest.of("m", "x"), p -> { })))
                .isInstanceOf(LlmFailure.InvalidResponse.class);
    }

    @Test
    void classifiesASlowUpstreamAsTimeout() {
        server.enqueue(FakeReply.text("late").withDelay(Duration.ofSeconds(3)));
        var impatient = new OpenAiCompatibleProvider(EndpointConfig.of(server.baseUrl(), Secret.none())
                .withTimeout(Duration.ofMillis(200)), HTTP);

        assertThat(failureOf(() -> impatient.chat(ChatRequest.of("m", "x")))).isInstanceOf(LlmFailure.Timeout.class);
    }

    @Test
    void classifiesARefusedConnection() {
        int port;
        try (var gone = FakeOpenAiServer.start()) {
            port = gone.port();
        }
        var dead = new OpenAiCompatibleProvider(EndpointConfig.of(URI.create("http://127.0.0.1:" + port + "/v1"),
                Secret.none()), HTTP);

        assertThat(failureOf(() -> dead.chat(ChatRequest.of("m", "x"))))
                .isInstanceOf(LlmFailure.ConnectionFailed.class).returns(true, LlmFailure::retryable);
    }

    @Test
    void embedsAndProbes() {
        List<float[]> vectors = provider.embed("e", List.of("alpha", "beta"));
        assertThat(vectors).hasSize(2);
        assertThat(vectors.get(0)).hasSize(384);

        provider.probe("m");
        assertThat(server.requests(FakeOpenAiServer.MODELS)).hasSize(1);

        server.enqueueFor(FakeOpenAiServer.MODELS, FakeReply.status(503, "server_error", "cold"));
        assertThatThrownBy(() -> provider.probe("m")).isInstanceOf(LlmException.class);
    }

    @Test
    void neverPutsTheKeyIntoFailureMessages() {
        server.enqueue(FakeReply.status(401, "invalid_api_key", "Incorrect API key"));

        LlmException e = org.assertj.core.api.Assertions.catchThrowableOfType(LlmException.class,
                () -> provider.chat(ChatRequest.of("m", "x")));

        assertThat(e.getMessage()).doesNotContain("sk-secret");
        assertThat(EndpointConfig.of(server.baseUrl(), Secret.of("sk-secret")).toString()).doesNotContain("sk-secret");
    }
}
