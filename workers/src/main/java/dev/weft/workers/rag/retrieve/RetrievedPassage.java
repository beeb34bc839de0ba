package dev.weft.workers.rag.retrieve;

import java.util.Map;

/**
 * A chunk returned by retrieval.
 *
 * @param id         chunk id
 * @param documentId the document it belongs to
 * @param text       chunk text (with its heading, when split by heading)
 * @param score      vector similarity (cosine: 1 = same direction); {@code minScore} applies to it
 * @param source     the document's source
 * @param metadata   the document's metadata
 */
public record RetrievedPassage(String id, String documentId, String text, double score, String source,
                               Map<String, Object> metadata) {
}
