package dev.weft.workers.rag.ingest;

/** What an ingest run changed; the {@code ingest} output variable of {@code weft.ingest}. */
public record IngestResult(String collection, int added, int updated, int unchanged, int deleted, int chunks) {
}
