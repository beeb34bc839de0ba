package dev.weft.workers.llm.cache;

import dev.weft.workers.llm.provider.ChatRequest;
import dev.weft.workers.llm.registry.RouteSpec;
import dev.weft.workers.llm.routing.AnswerCache;
import dev.weft.workers.llm.routing.LlmResult;
import java.net.URI;
import java.util.Optional;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Exact-match answer cache in Redis, shared by every replica: same route and same request (prompt, messages,
 * settings) within the route's {@code exactTtl} gives the stored answer. Redis being down is not a failed call:
 * the cache is skipped.
 */
public final class RedisExactCache implements AnswerCache, AutoCloseable {

    private final JedisPooled redis;
    private final String prefix;

    /** @param prefix key prefix, so tests and tenants may share one Redis ({@code weft:llm:exact:} by default) */
    public RedisExactCache(URI redisUrl, String prefix) {
        this.redis = new JedisPooled(redisUrl);
        this.prefix = prefix;
    }

    @Override
    public Optional<LlmResult> get(RouteSpec route, String tenant, ChatRequest request) {
        if (!route.cache().exact()) {
            return Optional.empty();
        }
        try {
            String json = redis.get(prefix + CachedAnswers.key(route.alias(), tenant, request));
            return Optional.ofNullable(json == null ? null : CachedAnswers.read(json));
        } catch (JedisException unavailable) {
            return Optional.empty();
        }
    }

    @Override
    public void put(RouteSpec route, String tenant, ChatRequest request, LlmResult result) {
        if (!route.cache().exact()) {
            return;
        }
        try {
            redis.setex(prefix + CachedAnswers.key(route.alias(), tenant, request), route.cache().exactTtl().toSeconds(),
                    CachedAnswers.write(result));
        } catch (JedisException unavailable) {
            // an answer that could not be cached is still an answer
        }
    }

    @Override
    public void close() {
        redis.close();
    }
}
