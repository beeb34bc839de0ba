package dev.weft.workers.llm.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.testsupport.llm.FakeAnthropicServer;
import dev.weft.testsupport.llm.FakeReply;
import dev.weft.workers.llm.secret.Secret;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AnthropicProviderTest {

    private final FakeAnthropicServer server = FakeAnthropicServer.start();
    private final AnthropicProvider provider = new AnthropicProvider(
            EndpointConfig.of(server.baseUrl(), Secret.of("ak-secret")), ProviderHttp.defaults());

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
    void sendsSystemApartWithVersionKeyAndMaxTokens() {
        server.enqueue(FakeReply.text("Bonjour").withUsage(12, 2));

        ChatResponse answer = provider.chat(new ChatRequest("claude-x", "Speak French.",
                List.of(ChatMessage.user("Hello")), null, null, List.of(), null));

        assertThat(answer.text()).isEqualTo("Bonjour");
        assertThat(answer.usage()).isEqualTo(new Usage(12, 2));
        var request = server.requests().getFirst();
        assertThat(request.header("x-api-key")).isEqualTo("ak-secret");
        assertThat(request.header("anthropic-version")).isEqualTo(AnthropicProvider.API_VERSION);
        assertThat(request.json().at("/system").asText()).isEqualTo("Speak French.");
        assertThat(request.json().at("/max_tokens").asInt()).isEqualTo(ChatRequest.DEFAULT_MAX_TOKENS);
    }

    @Test
    void streamsTextAndToolUseWithUsage() {
        server.enqueue(FakeReply.text("Let me look").withToolCall(
                new FakeReply.ToolCall("tu_1", "search", "{\"q\":\"pgvector\"}")).withUsage(8, 6));
        List<String> pieces = new ArrayList<>();

        ChatResponse answer = provider.chat(ChatRequest.of("c", "go"), pieces::add);

        assertThat(String.join("", pieces)).isEqualTo("Let me look");
        assertThat(answer.toolCalls()).containsExactly(new ToolCall("tu_1", "search", "{\"q\":\"pgvector\"}"));
        assertThat(answer.finishReason()).isEqualTo("tool_calls");
        assertThat(answer.usage()).isEqualTo(new Usage(8, 6));
    }

    @Test
    void classifiesOverloadRateLimitContextLengthRefusalAndCutStreams() {
        server.enqueue(FakeReply.status(529, null, "Overloaded"), FakeReply.rateLimited(Duration.ofSeconds(3)),
                FakeReply.contextLengthExceeded(), FakeReply.contentPolicy(), FakeReply.text("a b c").withCutAfterChunks(1));

        assertThat(failureOf(() -> provider.chat(ChatRequest.of("c", "x")))).isInstanceOf(LlmFailure.ServerError.class);
        assertThat(failureOf(() -> provider.chat(ChatRequest.of("c", "x"))))
                .isEqualTo(new LlmFailure.RateLimited(Duration.ofSeconds(3), "Rate limit reached."));
        assertThat(failureOf(() -> provider.chat(ChatRequest.of("c", "x")))).isInstanceOf(LlmFailure.ContextLengthExceeded.class);
        assertThat(failureOf(() -> provider.chat(ChatRequest.of("c", "x")))).isInstanceOf(LlmFailure.ContentPolicy.class);
        assertThat(failureOf(() -> provider.chat(ChatRequest.of("c", "x"), p -> { }))).isInstanceOf(LlmFailure.InvalidResponse.class);
    }

    @Test
    void classifiesMalformedJsonPlainAndStreamedAndASlowUpstream() {
        server.enqueue(FakeReply.malformedJson(), FakeReply.text("ok then").withMalformed(true),
                FakeReply.text("late").withDelay(Duration.ofSeconds(3)));
        AnthropicProvider impatient = new AnthropicProvider(EndpointConfig.of(server.baseUrl(), Secret.of("ak-secret"))
                .withTimeout(Duration.ofMillis(200)), ProviderHttp.defaults());

        assertThat(failureOf(() -> provider.chat(ChatRequest.of("c", "x")))).isInstanceOf(LlmFailure.InvalidResponse.class);
        assertThat(failureOf(() -> provider.chat(ChatRequest.of("c", "x"), p -> { })))
                .isInstanceOf(LlmFailure.InvalidResponse.class);
        assertThat(failureOf(() -> impatient.chat(ChatRequest.of("c", "x")))).isInstanceOf(LlmFailure.Timeout.class);
    }

    @Test
    void probesWithAOneTokenMessage() {
        provider.probe("c");

        assertThat(server.requests().getFirst().json().at("/max_tokens").asInt()).isEqualTo(1);
    }
}
