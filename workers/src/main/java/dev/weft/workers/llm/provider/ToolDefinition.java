package dev.weft.workers.llm.provider;

import com.fasterxml.jackson.databind.JsonNode;

/** A function the model may call; {@code parameters} is its JSON Schema. */
public record ToolDefinition(String name, String description, JsonNode parameters) {
}
