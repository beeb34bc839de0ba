package dev.weft.workers.llm.provider;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Objects;

/**
 * A provider-neutral chat request.
 *
 * @param model        the provider's model name
 * @param systemPrompt optional system prompt (Anthropic sends it apart, OpenAI as the first message)
 * @param messages     the conversation, at least one message
 * @param temperature  null = provider default
 * @param maxTokens    null = provider default (Anthropic requires one: {@link #DEFAULT_MAX_TOKENS})
 * @param tools        functions the model may call
 * @param jsonSchema   when non-null, the answer must be JSON valid against it (OpenAI: {@code response_format})
 */
public record ChatRequest(String model, String systemPrompt, List<ChatMessage> messages, Double temperature,
                          Integer maxTokens, List<ToolDefinition> tools, JsonNode jsonSchema) {

    public static final int DEFAULT_MAX_TOKENS = 1024;

    public ChatRequest {
        Objects.requireNonNull(model, "model");
        messages = List.copyOf(messages);
        tools = tools == null ? List.of() : List.copyOf(tools);
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("A chat request needs at least one message");
        }
    }

    public static ChatRequest of(String model, String userPrompt) {
        return new ChatRequest(model, null, List.of(ChatMessage.user(userPrompt)), null, null, List.of(), null);
    }

    public ChatRequest withModel(String other) {
        return new ChatRequest(other, systemPrompt, messages, temperature, maxTokens, tools, jsonSchema);
    }

    public ChatRequest withMessages(List<ChatMessage> other) {
        return new ChatRequest(model, systemPrompt, other, temperature, maxTokens, tools, jsonSchema);
    }

    /** All text of the request, for estimates (context-window checks, the extractive model). */
    public String allText() {
        StringBuilder sb = new StringBuilder(systemPrompt == null ? "" : systemPrompt);
        messages.forEach(m -> sb.append('\n').append(m.content()));
        return sb.toString();
    }
}
