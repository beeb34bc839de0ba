package dev.weft.workers.llm.cache;

import com.pgvector.PGvector;
import dev.weft.workers.llm.provider.ChatRequest;
import dev.weft.workers.llm.registry.Jdbc;
import dev.weft.workers.llm.registry.RouteSpec;
import dev.weft.workers.llm.routing.AnswerCache;
import dev.weft.workers.llm.routing.LlmResult;
import dev.weft.workers.rag.embedding.EmbeddingModel;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.InstantSource;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Semantic answer cache in {@code llm.semantic_cache} (pgvector, HNSW): a request whose last message embeds within
 * the route's similarity threshold of a cached one of the same tenant, with the same system prompt, earlier
 * messages and JSON schema ({@code context_hash}), before that one's TTL ends, gets the cached answer.
 *
 * <p>Works with an embedding model of any dimension: rows carry the model and dimension that made them, a lookup
 * only compares vectors of the same model, and each dimension has its own partial HNSW index on
 * {@code embedding::vector(<dim>)} (created here on first use when the migrations did not).
 */
public final class SemanticCache implements AnswerCache {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SemanticCache.class);

    private final DataSource dataSource;
    private final EmbeddingModel model;
    private final InstantSource clock;
    private final int dimension;
    private final String vectorType;
    private volatile boolean indexed;

    public SemanticCache(DataSource dataSource, EmbeddingModel model, InstantSource clock) {
        if (model.dimension() < 1 || model.dimension() > 2000) {
            throw new IllegalArgumentException("the semantic cache indexes 1 to 2000 dimensions; model '" + model.id()
                    + "' has " + model.dimension());
        }
        this.dataSource = dataSource;
        this.model = model;
        this.clock = clock;
        this.dimension = model.dimension();
        this.vectorType = "vector(" + dimension + ")";
    }

    public EmbeddingModel model() {
        return model;
    }

    @Override
    public Optional<LlmResult> get(RouteSpec route, String tenant, ChatRequest request) {
        if (!route.cache().semantic()) {
            return Optional.empty();
        }
        ensureIndex();
        PGvector vec = new PGvector(embed(request));
        // Strict order with the iterative scan: rows of other routes or models near the query must not hide the
        // nearest row of this one (LIMIT 1 needs the true nearest for the threshold).
        String sql = "SELECT set_config('hnsw.iterative_scan', 'strict_order', true);"
                + " SELECT answer::text, 1 - (embedding::" + vectorType + " <=> ?::" + vectorType + ") AS similarity"
                + " FROM llm.semantic_cache WHERE dimension = " + dimension
                + " AND route_alias = ? AND context_hash = ? AND embedding_model = ? AND expires_at > ?"
                + " ORDER BY embedding::" + vectorType + " <=> ?::" + vectorType + " LIMIT 1";
        return Jdbc.withConnection(dataSource, c -> {
            try (PreparedStatement s = c.prepareStatement(sql)) {
                s.setString(1, vec.getValue());
                s.setString(2, route.alias());
                s.setString(3, CachedAnswers.contextKey(route.alias(), tenant, request));
                s.setString(4, model.id());
                s.setTimestamp(5, Timestamp.from(clock.instant()));
                s.setString(6, vec.getValue());
                s.execute();
                s.getMoreResults(); // past the settings row
                try (ResultSet rs = s.getResultSet()) {
                    if (rs.next() && rs.getDouble(2) >= route.cache().semanticThreshold()) {
                        return Optional.ofNullable(CachedAnswers.read(rs.getString(1)));
                    }
                    return Optional.empty();
                }
            }
        });
    }

    @Override
    public void put(RouteSpec route, String tenant, ChatRequest request, LlmResult result) {
        if (!route.cache().semantic()) {
            return;
        }
        ensureIndex();
        PGvector vec = new PGvector(embed(request));
        Jdbc.withConnection(dataSource, c -> {
            try (PreparedStatement s = c.prepareStatement("""
                    INSERT INTO llm.semantic_cache (route_alias, prompt_hash, context_hash, embedding, embedding_model,
                      dimension, answer, expires_at) VALUES (?, ?, ?, ?::vector, ?, ?, ?::jsonb, ?)""")) {
                s.setString(1, route.alias());
                s.setString(2, CachedAnswers.key(route.alias(), tenant, request));
                s.setString(3, CachedAnswers.contextKey(route.alias(), tenant, request));
                s.setString(4, vec.getValue());
                s.setString(5, model.id());
                s.setInt(6, dimension);
                s.setString(7, CachedAnswers.write(result));
                s.setTimestamp(8, Timestamp.from(clock.instant().plus(route.cache().semanticTtl())));
                return s.executeUpdate();
            }
        });
    }

    private float[] embed(ChatRequest request) {
        float[] v = model.embed(request.messages().isEmpty() ? "" : request.messages().getLast().content());
        if (v.length != dimension) {
            throw new IllegalStateException("embedding model '" + model.id() + "' returned " + v.length
                    + " dimensions, it declares " + dimension);
        }
        return v;
    }

    /** The partial HNSW index of this dimension; replicas racing to create it are fine (one wins, all use it). */
    private void ensureIndex() {
        if (indexed) {
            return;
        }
        String name = "semantic_cache_embedding_" + dimension + "_idx";
        try {
            Jdbc.withConnection(dataSource, c -> {
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE INDEX IF NOT EXISTS " + name + " ON llm.semantic_cache USING hnsw ((embedding::"
                            + vectorType + ") vector_cosine_ops) WHERE dimension = " + dimension);
                }
                return null;
            });
        } catch (Jdbc.DataAccessException e) {
            if (!(e.getCause() instanceof SQLException sql) || !"23505".equals(sql.getSQLState())) {
                throw e;
            }
            LOG.debug("Index {} was created concurrently by another replica", name);
        }
        indexed = true;
    }
}
