package dev.weft.workers.llm.provider;

import java.util.List;

/**
 * What a model answered.
 *
 * @param text         the answer text ("" when the model only called tools)
 * @param toolCalls    tool calls the model asks for
 * @param usage        tokens used, as reported
 * @param model        the model that answered, as the provider names it
 * @param finishReason {@code stop}, {@code length}, {@code tool_calls} (Anthropic's reasons are mapped)
 * @param latencyNanos time from sending to the complete answer
 */
public record ChatResponse(String text, List<ToolCall> toolCalls, Usage usage, String model, String finishReason,
                           long latencyNanos) {

    public ChatResponse {
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
        text = text == null ? "" : text;
        usage = usage == null ? Usage.NONE : usage;
    }

    public long latencyMillis() {
        return latencyNanos / 1_000_000;
    }
}
