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
import java.sql.Timestamp;
import java.time.InstantSource;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Semantic answer cache in {@code llm.semantic_cache} (pgvector, HNSW): a request whose text embeds within the
 * route's similarity threshold of a cached one, before that one's TTL ends, gets the cached answer. Uses a
 * 384-dimension model (the built-in one by default), matching the table's column.
 */
public final class SemanticCache implements AnswerCache {

    private final DataSource dataSource;
    private final EmbeddingModel model;
    private final InstantSource clock;

    public SemanticCache(DataSource dataSource, EmbeddingModel model, InstantSource clock) {
        if (model.dimension() != 384) {
            throw new IllegalArgumentException("the semantic cache stores 384-dimension vectors; model '" + model.id()
                    + "' has " + model.dimension());
        }
        this.dataSource = dataSource;
        this.model = model;
        this.clock = clock;
    }

    @Override
    public Optional<LlmResult> get(RouteSpec route, ChatRequest request) {
        if (!route.cache().semantic()) {
            return Optional.empty();
        }
        String vec = new PGvector(model.embed(request.allText())).toString();
        return Jdbc.withConnection(dataSource, c -> {
            try (PreparedStatement s = c.prepareStatement("""
                    SELECT answer::text, 1 - (embedding <=> ?::vector) AS similarity FROM llm.semantic_cache
                    WHERE route_alias = ? AND expires_at > ? ORDER BY embedding <=> ?::vector LIMIT 1""")) {
                s.setString(1, vec);
                s.setString(2, route.alias());
                s.setTimestamp(3, Timestamp.from(clock.instant()));
                s.setString(4, vec);
                try (ResultSet rs = s.executeQuery()) {
                    if (rs.next() && rs.getDouble(2) >= route.cache().semanticThreshold()) {
                        return Optional.ofNullable(CachedAnswers.read(rs.getString(1)));
                    }
                    return Optional.empty();
                }
            }
        });
    }

    @Override
    public void put(RouteSpec route, ChatRequest request, LlmResult result) {
        if (!route.cache().semantic()) {
            return;
        }
        String vec = new PGvector(model.embed(request.allText())).toString();
        Jdbc.withConnection(dataSource, c -> {
            try (PreparedStatement s = c.prepareStatement("""
                    INSERT INTO llm.semantic_cache (route_alias, prompt_hash, embedding, answer, expires_at)
                    VALUES (?, ?, ?::vector, ?::jsonb, ?)""")) {
                s.setString(1, route.alias());
                s.setString(2, CachedAnswers.key(route.alias(), request));
                s.setString(3, vec);
                s.setString(4, CachedAnswers.write(result));
                s.setTimestamp(5, Timestamp.from(clock.instant().plus(route.cache().semanticTtl())));
                return s.executeUpdate();
            }
        });
    }
}
