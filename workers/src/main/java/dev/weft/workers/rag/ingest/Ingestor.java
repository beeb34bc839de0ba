package dev.weft.workers.rag.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.pgvector.PGvector;
import dev.weft.workers.llm.registry.Jdbc;
import dev.weft.workers.rag.Collection;
import dev.weft.workers.rag.CollectionStore;
import dev.weft.workers.rag.embedding.EmbeddingModel;
import dev.weft.workers.rag.embedding.EmbeddingModels;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Documents -> text -> chunks -> embeddings -> rows. Incremental: a document whose content hash (content,
 * content type, metadata and chunking settings) is unchanged is skipped without embedding; a changed one has its
 * chunks replaced in one transaction; with {@code deleteMissing}, documents not in the batch are deleted.
 */
public final class Ingestor {

    private static final ObjectMapper JSON = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private final CollectionStore collections;
    private final EmbeddingModels embeddings;
    private final DocumentParser parser = new DocumentParser();

    public Ingestor(CollectionStore collections, EmbeddingModels embeddings) {
        this.collections = collections;
        this.embeddings = embeddings;
    }

    /**
     * @param collectionName created with {@code embeddingModel} when missing
     * @param embeddingModel model id for new collections (null = built-in)
     */
    public IngestResult ingest(String collectionName, String embeddingModel, List<DocumentInput> documents,
                               Chunker chunker, String chunkerKey, boolean deleteMissing) {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < documents.size(); i++) {
            DocumentInput d = documents.get(i);
            if (d.id() == null || d.id().isBlank()) {
                throw new IllegalArgumentException("documents[" + i + "].id: is required");
            }
            if (!ids.add(d.id())) {
                throw new IllegalArgumentException("documents[" + i + "].id: '" + d.id() + "' appears twice in the batch");
            }
        }
        Collection existing = collections.find(collectionName).orElse(null);
        EmbeddingModel model = embeddings.resolve(existing != null ? existing.embeddingModel() : embeddingModel);

        // Parse every document before writing anything, so a bad document in the batch writes nothing.
        List<String> texts = new ArrayList<>();
        List<String> hashes = new ArrayList<>();
        for (int i = 0; i < documents.size(); i++) {
            DocumentInput d = documents.get(i);
            try {
                String text = parser.toText(d);
                texts.add(text);
                hashes.add(hash(d.contentType(), text, d.metadata(), chunkerKey, model.id()));
            } catch (DocumentParser.UnreadableDocumentException e) {
                throw new IllegalArgumentException("documents[" + i + "]: " + e.getMessage());
            }
        }
        Collection collection = existing != null ? existing
                : collections.getOrCreate(collectionName, model, dev.weft.workers.rag.Distance.COSINE);
        Map<String, String> stored = storedHashes(collection);
        int added = 0;
        int updated = 0;
        int unchanged = 0;
        int chunkCount = 0;
        for (int i = 0; i < documents.size(); i++) {
            DocumentInput d = documents.get(i);
            String previous = stored.get(d.id());
            if (hashes.get(i).equals(previous)) {
                unchanged++;
                continue;
            }
            List<Chunker.Chunk> chunks = chunker.split(texts.get(i));
            List<float[]> vectors = model.embed(chunks.stream()
                    .map(c -> c.heading() == null ? c.text() : c.heading() + "\n" + c.text()).toList());
            write(collection, d, hashes.get(i), chunks, vectors);
            chunkCount += chunks.size();
            if (previous == null) {
                added++;
            } else {
                updated++;
            }
        }
        int deleted = 0;
        if (deleteMissing) {
            deleted = Jdbc.withConnection(collections.dataSource(), c -> {
                try (PreparedStatement s = c.prepareStatement(
                        "DELETE FROM rag.document WHERE collection_id = ? AND NOT (id = ANY (?))")) {
                    s.setLong(1, collection.id());
                    s.setArray(2, c.createArrayOf("text", ids.toArray()));
                    return s.executeUpdate();
                }
            });
        }
        return new IngestResult(collection.name(), added, updated, unchanged, deleted, chunkCount);
    }

    private Map<String, String> storedHashes(Collection collection) {
        return Jdbc.withConnection(collections.dataSource(), c -> {
            Map<String, String> out = new TreeMap<>();
            try (PreparedStatement s = c.prepareStatement("SELECT id, content_hash FROM rag.document WHERE collection_id = ?")) {
                s.setLong(1, collection.id());
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getString(1), rs.getString(2));
                    }
                }
            }
            return out;
        });
    }

    private void write(Collection collection, DocumentInput d, String hash, List<Chunker.Chunk> chunks, List<float[]> vectors) {
        String metadata = json(d.metadata());
        Jdbc.inTransaction(collections.dataSource(), c -> {
            try (PreparedStatement s = c.prepareStatement("""
                    INSERT INTO rag.document (collection_id, id, source, content_type, content_hash, metadata, chunk_count)
                    VALUES (?, ?, ?, ?, ?, ?::jsonb, ?)
                    ON CONFLICT (collection_id, id) DO UPDATE SET source = EXCLUDED.source,
                      content_type = EXCLUDED.content_type, content_hash = EXCLUDED.content_hash,
                      metadata = EXCLUDED.metadata, chunk_count = EXCLUDED.chunk_count, updated_at = now()""")) {
                s.setLong(1, collection.id());
                s.setString(2, d.id());
                s.setString(3, d.source());
                s.setString(4, d.contentType());
                s.setString(5, hash);
                s.setString(6, metadata);
                s.setInt(7, chunks.size());
                s.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement("DELETE FROM rag.chunk WHERE collection_id = ? AND document_id = ?")) {
                s.setLong(1, collection.id());
                s.setString(2, d.id());
                s.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement("""
                    INSERT INTO rag.chunk (collection_id, document_id, ordinal, heading, text, metadata, embedding)
                    VALUES (?, ?, ?, ?, ?, ?::jsonb, ?::vector)""")) {
                for (int i = 0; i < chunks.size(); i++) {
                    s.setLong(1, collection.id());
                    s.setString(2, d.id());
                    s.setInt(3, i);
                    s.setString(4, chunks.get(i).heading());
                    s.setString(5, chunks.get(i).text());
                    s.setString(6, metadata);
                    s.setString(7, new PGvector(vectors.get(i)).toString());
                    s.addBatch();
                }
                s.executeBatch();
            }
            return null;
        });
    }

    static String hash(String contentType, String text, Map<String, Object> metadata, String chunkerKey, String model) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String part : new String[] {contentType, text, json(metadata), chunkerKey, model}) {
                sha.update(part.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String json(Map<String, Object> metadata) {
        try {
            return JSON.writeValueAsString(new TreeMap<>(metadata));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("metadata: not representable as JSON: " + e.getOriginalMessage());
        }
    }
}
