package dev.weft.testsupport.llm;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One scripted answer of a fake LLM server. Immutable; the {@code with...} methods return copies, so a script
 * reads like a sentence: {@code FakeReply.text("hi").withUsage(12, 3).withDelay(Duration.ofMillis(200))}.
 *
 * <p>A reply with {@code status != 200} is sent as the provider's error envelope with {@code errorType} and
 * {@code errorCode}; a reply with {@code malformed} sends a body that is not valid JSON (or, when streaming,
 * one SSE event that is not valid JSON); {@code cutAfterChunks >= 0} ends a stream after that many content
 * chunks without the terminating event, as a crashed upstream would.
 *
 * @param text           the assistant's answer (streamed in word-sized pieces)
 * @param toolCalls      tool calls the assistant makes instead of, or beside, text
 * @param promptTokens   usage reported; {@code -1} lets the server estimate from the request
 * @param completionTokens usage reported; {@code -1} lets the server estimate from the answer
 * @param delay          how long the server waits before it answers (headers included)
 * @param status         HTTP status
 * @param retryAfter     sent as {@code Retry-After} seconds when non-null
 * @param errorType      provider error type (OpenAI {@code error.type}, Anthropic {@code error.type})
 * @param errorCode      OpenAI {@code error.code}, e.g. {@code context_length_exceeded}
 * @param errorMessage   human-readable error message
 * @param malformed      send invalid JSON
 * @param cutAfterChunks end the stream after this many content chunks without a proper end; {@code -1} = never
 * @param finishReason   OpenAI finish reason / Anthropic stop reason; null = derived
 */
public record FakeReply(
        String text,
        List<ToolCall> toolCalls,
        int promptTokens,
        int completionTokens,
        Duration delay,
        int status,
        Duration retryAfter,
        String errorType,
        String errorCode,
        String errorMessage,
        boolean malformed,
        int cutAfterChunks,
        String finishReason) {

    /** A tool call: {@code argumentsJson} is the JSON object of arguments, as text. */
    public record ToolCall(String id, String name, String argumentsJson) {
        public ToolCall {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(argumentsJson, "argumentsJson");
        }
    }

    public FakeReply {
        toolCalls = List.copyOf(toolCalls);
        Objects.requireNonNull(delay, "delay");
    }

    /** A normal answer with estimated usage. */
    public static FakeReply text(String text) {
        return new FakeReply(text, List.of(), -1, -1, Duration.ZERO, 200, null, null, null, null, false, -1, null);
    }

    /** An answer consisting of one tool call. */
    public static FakeReply toolCall(String id, String name, String argumentsJson) {
        return text("").withToolCall(new ToolCall(id, name, argumentsJson));
    }

    /** An error with the given HTTP status and the provider's error envelope. */
    public static FakeReply status(int status, String errorType, String message) {
        return new FakeReply("", List.of(), -1, -1, Duration.ZERO, status, null, errorType, null, message, false, -1, null);
    }

    /** 500 from the upstream. */
    public static FakeReply serverError() {
        return status(500, "server_error", "The server had an error while processing your request.");
    }

    /** 429 with {@code Retry-After}. */
    public static FakeReply rateLimited(Duration retryAfter) {
        return status(429, "rate_limit_error", "Rate limit reached.").withRetryAfter(retryAfter);
    }

    /** 400 as OpenAI sends it when the prompt is too long ({@code code: context_length_exceeded}). */
    public static FakeReply contextLengthExceeded() {
        return status(400, "invalid_request_error",
                "This model's maximum context length is 8192 tokens. However, your messages resulted in 9000 tokens.")
                .withErrorCode("context_length_exceeded");
    }

    /** 400 as OpenAI sends it when the content policy refuses ({@code code: content_policy_violation}). */
    public static FakeReply contentPolicy() {
        return status(400, "invalid_request_error", "Your request was rejected as a result of our safety system.")
                .withErrorCode("content_policy_violation");
    }

    /** A 200 whose body is not valid JSON. */
    public static FakeReply malformedJson() {
        return text("").withMalformed(true);
    }

    public FakeReply withUsage(int prompt, int completion) {
        return new FakeReply(text, toolCalls, prompt, completion, delay, status, retryAfter, errorType, errorCode, errorMessage, malformed, cutAfterChunks, finishReason);
    }

    public FakeReply withDelay(Duration d) {
        return new FakeReply(text, toolCalls, promptTokens, completionTokens, d, status, retryAfter, errorType, errorCode, errorMessage, malformed, cutAfterChunks, finishReason);
    }

    public FakeReply withRetryAfter(Duration d) {
        return new FakeReply(text, toolCalls, promptTokens, completionTokens, delay, status, d, errorType, errorCode, errorMessage, malformed, cutAfterChunks, finishReason);
    }

    public FakeReply withErrorCode(String code) {
        return new FakeReply(text, toolCalls, promptTokens, completionTokens, delay, status, retryAfter, errorType, code, errorMessage, malformed, cutAfterChunks, finishReason);
    }

    public FakeReply withMalformed(boolean m) {
        return new FakeReply(text, toolCalls, promptTokens, completionTokens, delay, status, retryAfter, errorType, errorCode, errorMessage, m, cutAfterChunks, finishReason);
    }

    public FakeReply withCutAfterChunks(int n) {
        return new FakeReply(text, toolCalls, promptTokens, completionTokens, delay, status, retryAfter, errorType, errorCode, errorMessage, malformed, n, finishReason);
    }

    public FakeReply withFinishReason(String reason) {
        return new FakeReply(text, toolCalls, promptTokens, completionTokens, delay, status, retryAfter, errorType, errorCode, errorMessage, malformed, cutAfterChunks, reason);
    }

    public FakeReply withToolCall(ToolCall call) {
        List<ToolCall> calls = new ArrayList<>(toolCalls);
        calls.add(call);
        return new FakeReply(text, calls, promptTokens, completionTokens, delay, status, retryAfter, errorType, errorCode, errorMessage, malformed, cutAfterChunks, finishReason);
    }

    boolean isError() {
        return status >= 400;
    }

    /** The answer split into the pieces a stream sends: words with their trailing space. */
    public List<String> pieces() {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == ' ') {
                out.add(text.substring(start, i + 1));
                start = i + 1;
            }
        }
        if (start < text.length()) {
            out.add(text.substring(start));
        }
        return out;
    }
}
