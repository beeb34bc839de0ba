package dev.weft.workers.llm.extractive;

/** A retrieved passage the extractive model may quote: the shape {@code weft.retrieve} writes. */
public record Passage(String id, String text, String source, double score) {
}
