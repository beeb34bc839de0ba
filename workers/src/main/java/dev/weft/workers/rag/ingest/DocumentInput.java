package dev.weft.workers.rag.ingest;

import java.util.Map;

/**
 * A document to ingest, in the shape of {@code weft.ingest}'s {@code documents} input.
 *
 * @param id          stable id within the collection (re-ingesting the same id updates it)
 * @param source      where it came from (URL, path), returned with passages
 * @param contentType {@code text/plain}, {@code text/markdown}, {@code text/html} or {@code application/pdf}
 * @param text        the content as text, or null when {@code base64} is given
 * @param base64      the content as base64 bytes (PDF), or null
 * @param metadata    flat JSON-able values; retrieval filters match them by equality
 */
public record DocumentInput(String id, String source, String contentType, String text, String base64,
                            Map<String, Object> metadata) {

    public DocumentInput {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        contentType = contentType == null || contentType.isBlank() ? "text/plain" : contentType.trim();
    }

    public static DocumentInput text(String id, String source, String text) {
        return new DocumentInput(id, source, "text/plain", text, null, Map.of());
    }
}
