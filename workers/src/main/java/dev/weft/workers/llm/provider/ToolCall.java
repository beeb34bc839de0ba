package dev.weft.workers.llm.provider;

/** A function call the model asks for; {@code argumentsJson} is a JSON object as text. */
public record ToolCall(String id, String name, String argumentsJson) {
}
