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
import org.postgresql.PGConnection;
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

    private static final long COLLECTION_TTL_NANOS = 1_000_000_000L;

    private final CollectionStore collections;
    private final EmbeddingModels embeddings;
    private final Map<String, CachedCollection> collectionCache = new java.util.concurrent.ConcurrentHashMap<>();

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
        checkTopK(topK);
        Collection col = collection(collectionName);
        float[] q = embeddings.resolve(col.embeddingModel()).embed(query);
        if (mode == SearchMode.VECTOR) {
            return vectorOnly(col, q, topK, minScore, filter);
        }
        checkDimension(col, q);
        String filterJson = toJson(filter);
        int candidates = Math.max(20, topK * 4);
        return Jdbc.inTransaction(collections.dataSource(), c -> {
            try (Statement s = c.createStatement()) {
                s.execute("SET LOCAL hnsw.ef_search = " + efSearch(candidates) + "; SET LOCAL hnsw.iterative_scan = relaxed_order");
            }
            PGvector vec = vector(c, q);
            List<Long> vectorIds = vectorSearch(c, col, vec, filterJson, candidates);
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

    /**
     * Vector search with a query vector computed elsewhere (same dimension as the collection): the top-k by the
     * collection's HNSW index, best first.
     */
    public List<RetrievedPassage> searchVector(String collectionName, float[] queryVector, int topK, double minScore,
                                               Map<String, Object> filter) {
        checkTopK(topK);
        return vectorOnly(collection(collectionName), queryVector, topK, minScore, filter);
    }

    /**
     * One round trip: the search settings ({@code set_config(.., true)} lasts until the end of the implicit
     * transaction, which the driver ends after the whole multi-statement) and the ranking, whose inner query reads
     * only ids from the index before the passages' text is joined for the top k.
     */
    private List<RetrievedPassage> vectorOnly(Collection col, float[] q, int topK, double minScore,
                                              Map<String, Object> filter) {
        checkDimension(col, q);
        String filterJson = toJson(filter);
        String rank = "embedding::" + col.indexType() + " " + col.distance().operator() + " ?::" + col.indexType();
        String exact = "c.embedding::" + col.vectorType() + " " + col.distance().operator() + " ?::" + col.vectorType();
        // Ranked by the half-precision index, then the top k scored and ordered at full precision.
        String sql = "SELECT set_config('hnsw.ef_search', ?, true), set_config('hnsw.iterative_scan', 'relaxed_order', true);"
                + " SELECT c.id, c.document_id, c.heading, c.text, c.metadata, d.source, "
                + col.distance().score(exact) + " AS score"
                + " FROM (SELECT id FROM rag.chunk WHERE collection_id = " + col.id()
                + (filterJson == null ? "" : " AND metadata @> ?::jsonb")
                + " ORDER BY " + rank + " LIMIT " + topK + ") r"
                + " JOIN rag.chunk c ON c.id = r.id"
                + " JOIN rag.document d ON d.collection_id = c.collection_id AND d.id = c.document_id"
                + " ORDER BY score DESC, c.id";
        return Jdbc.withConnection(collections.dataSource(), c -> {
            try (PreparedStatement s = c.prepareStatement(sql)) {
                PGvector vec = vector(c, q);
                int i = 1;
                s.setString(i++, Integer.toString(efSearch(topK)));
                s.setObject(i++, vec); // the score, in the select list
                if (filterJson != null) {
                    s.setString(i++, filterJson);
                }
                s.setObject(i, vec); // the ranking
                s.execute();
                s.getMoreResults(); // past the settings row
                List<RetrievedPassage> out = new ArrayList<>(topK);
                try (ResultSet rs = s.getResultSet()) {
                    while (rs.next()) {
                        RetrievedPassage p = passage(rs);
                        if (p.score() >= minScore) {
                            out.add(p);
                        }
                    }
                }
                return out;
            }
        });
    }

    /**
     * Candidates the HNSW search keeps: pgvector's default 40 is enough for top-10 at recall >= 0.95 on
     * 100,000 x 384 (bench/retrieval); larger k needs a proportionally larger list.
     */
    static int efSearch(int candidates) {
        return Math.max(40, candidates * 2);
    }

    /**
     * The collection by name. Looked up at most once a second per name: collections are immutable except for
     * deletion, and a deleted collection's chunks are gone, so a stale entry can only answer "nothing" briefly.
     */
    private Collection collection(String name) {
        long now = System.nanoTime();
        CachedCollection cached = collectionCache.get(name);
        if (cached != null && now - cached.loadedAt() < COLLECTION_TTL_NANOS) {
            return cached.collection();
        }
        Collection col = collections.require(name);
        collectionCache.put(name, new CachedCollection(col, now));
        return col;
    }

    private record CachedCollection(Collection collection, long loadedAt) {
    }

    private static void checkTopK(int topK) {
        if (topK < 1 || topK > 100) {
            throw new IllegalArgumentException("topK: must be between 1 and 100, got " + topK);
        }
    }

    private static void checkDimension(Collection col, float[] q) {
        if (q.length != col.dimension()) {
            throw new IllegalStateException("embedding model returned " + q.length + " dimensions, collection '"
                    + col.name() + "' has " + col.dimension());
        }
    }

    /** The query vector as a binary parameter (pgvector's type registered on this connection once). */
    private static PGvector vector(Connection c, float[] q) throws SQLException {
        // Idempotent and cached per connection by the driver (the type's OID is looked up once).
        c.unwrap(PGConnection.class).addDataType("vector", PGvector.class);
        return new PGvector(q);
    }

    private static RetrievedPassage passage(ResultSet rs) throws SQLException {
        String heading = rs.getString("heading");
        String text = heading == null ? rs.getString("text") : heading + "\n" + rs.getString("text");
        return new RetrievedPassage(Long.toString(rs.getLong("id")), rs.getString("document_id"), text,
                rs.getDouble("score"), rs.getString("source"), fromJson(rs.getString("metadata")));
    }

    private static List<Long> vectorSearch(Connection c, Collection col, PGvector vec, String filterJson, int limit)
            throws SQLException {
        String distance = "embedding::" + col.indexType() + " " + col.distance().operator() + " ?::" + col.indexType();
        String sql = "SELECT id FROM rag.chunk WHERE collection_id = " + col.id()
                + (filterJson == null ? "" : " AND metadata @> ?::jsonb")
                + " ORDER BY " + distance + " LIMIT " + limit;
        try (PreparedStatement s = c.prepareStatement(sql)) {
            int i = 1;
            if (filterJson != null) {
                s.setString(i++, filterJson);
            }
            s.setObject(i, vec);
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

    private static List<RetrievedPassage> rows(Connection c, Collection col, PGvector vec, List<Long> ids) throws SQLException {
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
            s.setObject(1, vec);
            s.setArray(2, c.createArrayOf("bigint", ids.toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getLong("id"), passage(rs));
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
