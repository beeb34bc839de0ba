package dev.weft.workers.rag.retrieve;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.pgvector.PGvector;
import dev.weft.workers.llm.registry.Jdbc;
import dev.weft.workers.rag.Collection;
import dev.weft.workers.rag.CollectionStore;
import dev.weft.workers.rag.embedding.EmbeddingModels;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Top-k search over a collection. Vector search uses the collection's HNSW index (with pgvector's iterative scan,
 * so a metadata filter does not starve the result); hybrid search also runs PostgreSQL full-text search and fuses
 * both rankings with reciprocal rank fusion (k = 60), then applies {@code minScore} to the vector similarity.
 */
public final class Retriever {

    /** The constant of reciprocal rank fusion; 60 is the value of the original paper and common practice. */
    static final int RRF_K = 60;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final CollectionStore collections;
    private final EmbeddingModels embeddings;

    public Retriever(CollectionStore collections, EmbeddingModels embeddings) {
        this.collections = collections;
        this.embeddings = embeddings;
    }

    /**
     * @param filter metadata equality filter (JSON object semantics: every key must match); empty = none
     * @throws dev.weft.workers.rag.CollectionNotFoundException when the collection does not exist
     */
    public List<RetrievedPassage> retrieve(String collectionName, String query, int topK, double minScore,
                                           SearchMode mode, Map<String, Object> filter) {
        if (topK < 1 || topK > 100) {
            throw new IllegalArgumentException("topK: must be between 1 and 100, got " + topK);
        }
        Collection col = collections.require(collectionName);
        float[] q = embeddings.resolve(col.embeddingModel()).embed(query);
        if (q.length != col.dimension()) {
            throw new IllegalStateException("embedding model returned " + q.length + " dimensions, collection '"
                    + col.name() + "' has " + col.dimension());
        }
        String filterJson = toJson(filter);
        int candidates = mode == SearchMode.HYBRID ? Math.max(20, topK * 4) : topK;
        String vec = new PGvector(q).toString();
        return Jdbc.inTransaction(collections.dataSource(), c -> {
            try (Statement s = c.createStatement()) {
                s.execute("SET LOCAL hnsw.ef_search = " + Math.max(40, candidates * 2));
                s.execute("SET LOCAL hnsw.iterative_scan = relaxed_order");
            }
            List<Long> vectorIds = vectorSearch(c, col, vec, filterJson, candidates);
            if (mode == SearchMode.VECTOR) {
                return rows(c, col, vec, vectorIds).stream().filter(p -> p.score() >= minScore).limit(topK).toList();
            }
            List<Long> textIds = textSearch(c, col, query, filterJson, candidates);
            Map<Long, Double> fused = new HashMap<>();
            for (int i = 0; i < vectorIds.size(); i++) {
                fused.merge(vectorIds.get(i), 1.0 / (RRF_K + i + 1), Double::sum);
            }
            for (int i = 0; i < textIds.size(); i++) {
                fused.merge(textIds.get(i), 1.0 / (RRF_K + i + 1), Double::sum);
            }
            Set<Long> ids = new LinkedHashSet<>(vectorIds);
            ids.addAll(textIds);
            Map<String, RetrievedPassage> byId = new HashMap<>();
            rows(c, col, vec, new ArrayList<>(ids)).forEach(p -> byId.put(p.id(), p));
            return fused.entrySet().stream()
                    .sorted(Map.Entry.<Long, Double>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                    .map(e -> byId.get(e.getKey().toString()))
                    .filter(p -> p != null && p.score() >= minScore)
                    .limit(topK).toList();
        });
    }

    private static List<Long> vectorSearch(Connection c, Collection col, String vec, String filterJson, int limit)
            throws SQLException {
        String distance = "embedding::" + col.vectorType() + " " + col.distance().operator() + " ?::" + col.vectorType();
        String sql = "SELECT id FROM rag.chunk WHERE collection_id = " + col.id()
                + (filterJson == null ? "" : " AND metadata @> ?::jsonb")
                + " ORDER BY " + distance + " LIMIT " + limit;
        try (PreparedStatement s = c.prepareStatement(sql)) {
            int i = 1;
            if (filterJson != null) {
                s.setString(i++, filterJson);
            }
            s.setString(i, vec);
            return ids(s);
        }
    }

    private static List<Long> textSearch(Connection c, Collection col, String query, String filterJson, int limit)
            throws SQLException {
        String tsquery = orQuery(query);
        if (tsquery.isEmpty()) {
            return List.of();
        }
        String sql = "SELECT id FROM rag.chunk WHERE collection_id = " + col.id()
                + " AND tsv @@ to_tsquery('simple', ?)" + (filterJson == null ? "" : " AND metadata @> ?::jsonb")
                + " ORDER BY ts_rank_cd(tsv, to_tsquery('simple', ?)) DESC, id LIMIT " + limit;
        try (PreparedStatement s = c.prepareStatement(sql)) {
            int i = 1;
            s.setString(i++, tsquery);
            if (filterJson != null) {
                s.setString(i++, filterJson);
            }
            s.setString(i, tsquery);
            return ids(s);
        }
    }

    /** Words of the query OR-ed: a question rarely contains every word of the passage that answers it. */
    static String orQuery(String query) {
        Set<String> words = new LinkedHashSet<>();
        for (String w : query.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (w.length() > 2) {
                words.add(w);
            }
        }
        return String.join(" | ", words);
    }

    private static List<RetrievedPassage> rows(Connection c, Collection col, String vec, List<Long> ids) throws SQLException {
        if (ids.isEmpty()) {
            return List.of();
        }
        String distance = "c.embedding::" + col.vectorType() + " " + col.distance().operator() + " ?::" + col.vectorType();
        String sql = "SELECT c.id, c.document_id, c.heading, c.text, c.metadata, d.source, "
                + col.distance().score(distance) + " AS score FROM rag.chunk c"
                + " JOIN rag.document d ON d.collection_id = c.collection_id AND d.id = c.document_id"
                + " WHERE c.id = ANY (?)";
        Map<Long, RetrievedPassage> out = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, vec);
            s.setArray(2, c.createArrayOf("bigint", ids.toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    String heading = rs.getString("heading");
                    String text = heading == null ? rs.getString("text") : heading + "\n" + rs.getString("text");
                    out.put(rs.getLong("id"), new RetrievedPassage(Long.toString(rs.getLong("id")), rs.getString("document_id"),
                            text, rs.getDouble("score"), rs.getString("source"), fromJson(rs.getString("metadata"))));
                }
            }
        }
        // Keep the caller's order (the index's ranking), ties resolved by score.
        List<RetrievedPassage> ordered = new ArrayList<>();
        for (Long id : ids) {
            RetrievedPassage p = out.get(id);
            if (p != null) {
                ordered.add(p);
            }
        }
        ordered.sort(Comparator.comparingDouble(RetrievedPassage::score).reversed());
        return ordered;
    }

    private static List<Long> ids(PreparedStatement s) throws SQLException {
        List<Long> out = new ArrayList<>();
        try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getLong(1));
            }
        }
        return out;
    }

    private static String toJson(Map<String, Object> filter) {
        if (filter == null || filter.isEmpty()) {
            return null;
        }
        try {
            return JSON.writeValueAsString(filter);
        } catch (IOException e) {
            throw new IllegalArgumentException("filter: not representable as JSON");
        }
    }

    private static Map<String, Object> fromJson(String json) {
        try {
            return JSON.readValue(json, new TypeReference<Map<String, Object>>() { });
        } catch (IOException e) {
            return Map.of();
        }
    }
}
