package dev.weft.workers.llm.routing;

/** One model tried during a call: {@code outcome} is {@code ok}, an error class, or {@code circuit_open}/{@code unfit}. */
public record Attempt(String modelId, String outcome, String message) {
}
