package dev.weft.workers.llm.registry;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * The model registry in schema {@code llm}: providers, models and routes. The Java service API behind the
 * workers and the hub's admin endpoints. Every write validates first and names the offending field
 * ({@link InvalidSpecException}); a route is replaced as a whole in one transaction, so routing never sees half
 * of an edit.
 *
 * <p>A registry made with {@link #cached} answers reads from an in-memory snapshot instead of the database, so
 * an LLM call does not pay registry round trips. Every write to a registry table bumps
 * {@code llm.registry_version} (a trigger, so plain SQL and other replicas count too); a background poller
 * reads that counter every {@code pollEvery} and reloads the snapshot when it moved, and writes through this
 * instance drop the snapshot at once, so the writer reads its own writes.
 */
public final class ModelRegistry implements AutoCloseable {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ModelRegistry.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DataSource dataSource;
    private final ScheduledExecutorService poller;
    private final Object reloadLock = new Object();
    private volatile Snapshot snapshot;

    /** A registry that reads the database on every call (admin tools, tests of the SQL itself). */
    public ModelRegistry(DataSource dataSource) {
        this(dataSource, null);
    }

    private ModelRegistry(DataSource dataSource, Duration pollEvery) {
        this.dataSource = dataSource;
        if (pollEvery == null) {
            poller = null;
        } else {
            if (pollEvery.isNegative() || pollEvery.isZero()) {
                throw new IllegalArgumentException("pollEvery must be positive");
            }
            poller = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon()
                    .name("weft-registry-poll").factory());
            poller.scheduleWithFixedDelay(this::poll, pollEvery.toMillis(), pollEvery.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * A registry that serves reads from memory and notices changes made anywhere within about {@code pollEvery}.
     * Close it to stop the poller.
     */
    public static ModelRegistry cached(DataSource dataSource, Duration pollEvery) {
        return new ModelRegistry(dataSource, pollEvery);
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** The registry version of the snapshot in use, or -1 when reads go to the database. */
    public long cachedVersion() {
        Snapshot s = snapshot;
        return poller == null || s == null ? -1 : s.version();
    }

    @Override
    public void close() {
        if (poller != null) {
            poller.shutdownNow();
        }
    }

    /** Everything the registry holds, as of one registry version. */
    private record Snapshot(long version, Map<String, ProviderSpec> providers, Map<String, ModelSpec> models,
                            Map<String, RouteSpec> routes) {
    }

    /** The snapshot, loading it first when there is none; null when this registry is not cached. */
    private Snapshot snapshot() {
        if (poller == null) {
            return null;
        }
        Snapshot s = snapshot;
        return s != null ? s : reload();
    }

    private Snapshot reload() {
        synchronized (reloadLock) {
            Snapshot s = Jdbc.withConnection(dataSource, c -> {
                // The version is read first: a change committed after it bumps the counter again, so the next poll
                // reloads; a snapshot can be briefly old, never stuck.
                long version = version(c);
                Map<String, ProviderSpec> providers = new LinkedHashMap<>();
                try (PreparedStatement st = c.prepareStatement("SELECT * FROM llm.provider ORDER BY id");
                     ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        ProviderSpec p = provider(rs);
                        providers.put(p.id(), p);
                    }
                }
                Map<String, ModelSpec> models = new LinkedHashMap<>();
                try (PreparedStatement st = c.prepareStatement("SELECT * FROM llm.model ORDER BY id");
                     ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        ModelSpec m = model(rs);
                        models.put(m.id(), m);
                    }
                }
                Map<String, RouteSpec> routes = new LinkedHashMap<>();
                for (String alias : strings(c, "SELECT alias FROM llm.route ORDER BY alias")) {
                    route(c, alias).ifPresent(r -> routes.put(r.alias(), r));
                }
                return new Snapshot(version, Collections.unmodifiableMap(providers), Collections.unmodifiableMap(models),
                        Collections.unmodifiableMap(routes));
            });
            snapshot = s;
            return s;
        }
    }

    private void poll() {
        try {
            Snapshot s = snapshot;
            long version = Jdbc.withConnection(dataSource, ModelRegistry::version);
            if (s == null || s.version() != version) {
                reload();
            }
        } catch (RuntimeException e) {
            // The snapshot in use stays valid until the database answers again.
            LOG.warn("Could not refresh the model registry snapshot: {}", e.getMessage());
        }
    }

    private static long version(Connection c) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT version FROM llm.registry_version");
             ResultSet rs = st.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    /** Runs a write, then drops the snapshot (also after a failed write: it costs one reload at most). */
    private <T> T write(boolean transaction, Jdbc.SqlWork<T> work) {
        try {
            return transaction ? Jdbc.inTransaction(dataSource, work) : Jdbc.withConnection(dataSource, work);
        } finally {
            invalidate();
        }
    }

    /** After a write through this instance: the next read loads a fresh snapshot. */
    private void invalidate() {
        if (poller != null) {
            synchronized (reloadLock) {
                snapshot = null;
            }
        }
    }

    // ---- providers ---------------------------------------------------------------------------------------

    public void putProvider(ProviderSpec p) {
        p.validate();
        write(false, c -> {
            try (PreparedStatement s = c.prepareStatement("""
                    INSERT INTO llm.provider (id, kind, base_url, credential, request_timeout_ms, headers)
                    VALUES (?, ?, ?, ?, ?, ?::jsonb)
                    ON CONFLICT (id) DO UPDATE SET kind = EXCLUDED.kind, base_url = EXCLUDED.base_url,
                      credential = EXCLUDED.credential, request_timeout_ms = EXCLUDED.request_timeout_ms,
                      headers = EXCLUDED.headers, updated_at = now()""")) {
                s.setString(1, p.id());
                s.setString(2, p.kind().wire());
                s.setString(3, p.baseUrl().toString());
                s.setString(4, p.credential());
                s.setInt(5, (int) p.requestTimeout().toMillis());
                s.setString(6, JSON.writeValueAsString(p.headers()));
                return s.executeUpdate();
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new InvalidSpecException("headers", e.getOriginalMessage());
            }
        });
    }

    public Optional<ProviderSpec> provider(String id) {
        Snapshot snap = snapshot();
        if (snap != null) {
            return Optional.ofNullable(snap.providers().get(id));
        }
        return Jdbc.withConnection(dataSource, c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT * FROM llm.provider WHERE id = ?")) {
                s.setString(1, id);
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? Optional.of(provider(rs)) : Optional.empty();
                }
            }
        });
    }

    public List<ProviderSpec> providers() {
        Snapshot snap = snapshot();
        if (snap != null) {
            return List.copyOf(snap.providers().values());
        }
        return Jdbc.withConnection(dataSource, c -> {
            List<ProviderSpec> out = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT * FROM llm.provider ORDER BY id");
                 ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(provider(rs));
                }
            }
            return out;
        });
    }

    public void deleteProvider(String id) {
        write(true, c -> {
            List<String> models = strings(c, "SELECT id FROM llm.model WHERE provider_id = ? ORDER BY id", id);
            if (!models.isEmpty()) {
                throw new InUseException("provider '" + id + "' still serves models " + models);
            }
            if (update(c, "DELETE FROM llm.provider WHERE id = ?", id) == 0) {
                throw new NotFoundException("provider", id);
            }
            return null;
        });
    }

    private static ProviderSpec provider(ResultSet rs) throws SQLException {
        Map<String, String> headers;
        try {
            headers = JSON.readValue(rs.getString("headers"), new TypeReference<Map<String, String>>() { });
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new SQLException("llm.provider.headers is not a JSON object of strings", e);
        }
        return new ProviderSpec(rs.getString("id"), ProviderKind.fromWire(rs.getString("kind")),
                URI.create(rs.getString("base_url")), rs.getString("credential"),
                Duration.ofMillis(rs.getInt("request_timeout_ms")), headers);
    }

    // ---- models ------------------------------------------------------------------------------------------

    public void putModel(ModelSpec m) {
        m.validate();
        write(true, c -> {
            if (strings(c, "SELECT id FROM llm.provider WHERE id = ?", m.providerId()).isEmpty()) {
                throw new InvalidSpecException("providerId", "unknown provider '" + m.providerId() + "'");
            }
            try (PreparedStatement s = c.prepareStatement("""
                    INSERT INTO llm.model (id, provider_id, provider_model, kind, capabilities, context_window,
                      input_price_per_mtok, output_price_per_mtok, tags, deployment, embedding_dimensions,
                      probe_interval_ms, probe_timeout_ms, cold_start_grace_ms, enabled)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (id) DO UPDATE SET provider_id = EXCLUDED.provider_id,
                      provider_model = EXCLUDED.provider_model, kind = EXCLUDED.kind,
                      capabilities = EXCLUDED.capabilities, context_window = EXCLUDED.context_window,
                      input_price_per_mtok = EXCLUDED.input_price_per_mtok,
                      output_price_per_mtok = EXCLUDED.output_price_per_mtok, tags = EXCLUDED.tags,
                      deployment = EXCLUDED.deployment, embedding_dimensions = EXCLUDED.embedding_dimensions,
                      probe_interval_ms = EXCLUDED.probe_interval_ms, probe_timeout_ms = EXCLUDED.probe_timeout_ms,
                      cold_start_grace_ms = EXCLUDED.cold_start_grace_ms, enabled = EXCLUDED.enabled,
                      updated_at = now()""")) {
                s.setString(1, m.id());
                s.setString(2, m.providerId());
                s.setString(3, m.providerModel());
                s.setString(4, m.kind());
                s.setArray(5, Jdbc.textArray(c, m.capabilities()));
                s.setInt(6, m.contextWindow());
                s.setBigDecimal(7, m.inputPricePerMTok());
                s.setBigDecimal(8, m.outputPricePerMTok());
                s.setArray(9, Jdbc.textArray(c, m.tags()));
                s.setString(10, m.deployment().wire());
                s.setObject(11, m.embeddingDimensions());
                s.setInt(12, (int) m.probeInterval().toMillis());
                s.setInt(13, (int) m.probeTimeout().toMillis());
                s.setInt(14, (int) m.coldStartGrace().toMillis());
                s.setBoolean(15, m.enabled());
                s.executeUpdate();
            }
            update(c, "INSERT INTO llm.model_health (model_id) VALUES (?) ON CONFLICT DO NOTHING", m.id());
            return null;
        });
    }

    public Optional<ModelSpec> model(String id) {
        Snapshot snap = snapshot();
        if (snap != null) {
            return Optional.ofNullable(snap.models().get(id));
        }
        return Jdbc.withConnection(dataSource, c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT * FROM llm.model WHERE id = ?")) {
                s.setString(1, id);
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? Optional.of(model(rs)) : Optional.empty();
                }
            }
        });
    }

    public List<ModelSpec> models() {
        Snapshot snap = snapshot();
        if (snap != null) {
            return List.copyOf(snap.models().values());
        }
        return Jdbc.withConnection(dataSource, c -> {
            List<ModelSpec> out = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT * FROM llm.model ORDER BY id");
                 ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(model(rs));
                }
            }
            return out;
        });
    }

    public void deleteModel(String id) {
        write(true, c -> {
            List<String> routes = strings(c, """
                    SELECT alias FROM llm.route_target WHERE model_id = ?
                    UNION SELECT alias FROM llm.route_fallback WHERE model_id = ?
                    UNION SELECT alias FROM llm.route_rule WHERE model_id = ? ORDER BY 1""", id, id, id);
            if (!routes.isEmpty()) {
                throw new InUseException("model '" + id + "' is used by routes " + routes);
            }
            if (update(c, "DELETE FROM llm.model WHERE id = ?", id) == 0) {
                throw new NotFoundException("model", id);
            }
            return null;
        });
    }

    static ModelSpec model(ResultSet rs) throws SQLException {
        return new ModelSpec(rs.getString("id"), rs.getString("provider_id"), rs.getString("provider_model"),
                rs.getString("kind"), Jdbc.textSet(rs.getArray("capabilities")), rs.getInt("context_window"),
                rs.getBigDecimal("input_price_per_mtok").stripTrailingZeros(),
                rs.getBigDecimal("output_price_per_mtok").stripTrailingZeros(),
                Jdbc.textSet(rs.getArray("tags")), Deployment.fromWire(rs.getString("deployment")),
                (Integer) rs.getObject("embedding_dimensions"), Duration.ofMillis(rs.getInt("probe_interval_ms")),
                Duration.ofMillis(rs.getInt("probe_timeout_ms")), Duration.ofMillis(rs.getInt("cold_start_grace_ms")),
                rs.getBoolean("enabled"));
    }

    // ---- routes ------------------------------------------------------------------------------------------

    /** Creates or replaces a route with its targets, fallbacks and gray rules. */
    public void putRoute(RouteSpec r) {
        r.validate();
        write(true, c -> {
            for (int i = 0; i < r.targets().size(); i++) {
                requireModel(c, "targets[" + i + "].modelId", r.targets().get(i).modelId());
            }
            for (int i = 0; i < r.fallbacks().size(); i++) {
                requireModel(c, "fallbacks[" + i + "].modelId", r.fallbacks().get(i).modelId());
            }
            for (int i = 0; i < r.rules().size(); i++) {
                requireModel(c, "rules[" + i + "].modelId", r.rules().get(i).modelId());
            }
            try (PreparedStatement s = c.prepareStatement("""
                    INSERT INTO llm.route (alias, description, extractive_fallback, exact_cache_ttl_s,
                      semantic_cache_ttl_s, semantic_cache_threshold) VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT (alias) DO UPDATE SET description = EXCLUDED.description,
                      extractive_fallback = EXCLUDED.extractive_fallback, exact_cache_ttl_s = EXCLUDED.exact_cache_ttl_s,
                      semantic_cache_ttl_s = EXCLUDED.semantic_cache_ttl_s,
                      semantic_cache_threshold = EXCLUDED.semantic_cache_threshold, updated_at = now()""")) {
                s.setString(1, r.alias());
                s.setString(2, r.description());
                s.setBoolean(3, r.extractiveFallback());
                s.setInt(4, (int) r.cache().exactTtl().toSeconds());
                s.setInt(5, (int) r.cache().semanticTtl().toSeconds());
                s.setDouble(6, r.cache().semanticThreshold());
                s.executeUpdate();
            }
            update(c, "DELETE FROM llm.route_target WHERE alias = ?", r.alias());
            update(c, "DELETE FROM llm.route_fallback WHERE alias = ?", r.alias());
            update(c, "DELETE FROM llm.route_rule WHERE alias = ?", r.alias());
            try (PreparedStatement s = c.prepareStatement("INSERT INTO llm.route_target (alias, model_id, weight) VALUES (?, ?, ?)")) {
                for (RouteSpec.Target t : r.targets()) {
                    s.setString(1, r.alias());
                    s.setString(2, t.modelId());
                    s.setInt(3, t.weight());
                    s.addBatch();
                }
                s.executeBatch();
            }
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO llm.route_fallback (alias, position, model_id, on_errors) VALUES (?, ?, ?, ?)")) {
                for (int i = 0; i < r.fallbacks().size(); i++) {
                    s.setString(1, r.alias());
                    s.setInt(2, i);
                    s.setString(3, r.fallbacks().get(i).modelId());
                    s.setArray(4, Jdbc.textArray(c, r.fallbacks().get(i).onErrors()));
                    s.addBatch();
                }
                s.executeBatch();
            }
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO llm.route_rule (alias, position, attribute, value, model_id) VALUES (?, ?, ?, ?, ?)")) {
                for (int i = 0; i < r.rules().size(); i++) {
                    RouteSpec.GrayRule g = r.rules().get(i);
                    s.setString(1, r.alias());
                    s.setInt(2, i);
                    s.setString(3, g.attribute());
                    s.setString(4, g.value());
                    s.setString(5, g.modelId());
                    s.addBatch();
                }
                s.executeBatch();
            }
            return null;
        });
    }

    public Optional<RouteSpec> route(String alias) {
        Snapshot snap = snapshot();
        if (snap != null) {
            return Optional.ofNullable(snap.routes().get(alias));
        }
        return Jdbc.withConnection(dataSource, c -> route(c, alias));
    }

    public List<RouteSpec> routes() {
        Snapshot snap = snapshot();
        if (snap != null) {
            return List.copyOf(snap.routes().values());
        }
        return Jdbc.withConnection(dataSource, c -> {
            List<RouteSpec> out = new ArrayList<>();
            for (String alias : strings(c, "SELECT alias FROM llm.route ORDER BY alias")) {
                route(c, alias).ifPresent(out::add);
            }
            return out;
        });
    }

    public void deleteRoute(String alias) {
        write(false, c -> {
            if (update(c, "DELETE FROM llm.route WHERE alias = ?", alias) == 0) {
                throw new NotFoundException("route", alias);
            }
            return null;
        });
    }

    private static Optional<RouteSpec> route(Connection c, String alias) throws SQLException {
        boolean extractive;
        RouteSpec.CacheSettings cache;
        String description;
        try (PreparedStatement s = c.prepareStatement("SELECT * FROM llm.route WHERE alias = ?")) {
            s.setString(1, alias);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                description = rs.getString("description");
                extractive = rs.getBoolean("extractive_fallback");
                cache = new RouteSpec.CacheSettings(Duration.ofSeconds(rs.getInt("exact_cache_ttl_s")),
                        Duration.ofSeconds(rs.getInt("semantic_cache_ttl_s")), rs.getDouble("semantic_cache_threshold"));
            }
        }
        List<RouteSpec.Target> targets = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(
                "SELECT model_id, weight FROM llm.route_target WHERE alias = ? ORDER BY model_id")) {
            s.setString(1, alias);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    targets.add(new RouteSpec.Target(rs.getString(1), rs.getInt(2)));
                }
            }
        }
        List<RouteSpec.Fallback> fallbacks = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(
                "SELECT model_id, on_errors FROM llm.route_fallback WHERE alias = ? ORDER BY position")) {
            s.setString(1, alias);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    fallbacks.add(new RouteSpec.Fallback(rs.getString(1), Jdbc.textSet(rs.getArray(2))));
                }
            }
        }
        List<RouteSpec.GrayRule> rules = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(
                "SELECT attribute, value, model_id FROM llm.route_rule WHERE alias = ? ORDER BY position")) {
            s.setString(1, alias);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rules.add(new RouteSpec.GrayRule(rs.getString(1), rs.getString(2), rs.getString(3)));
                }
            }
        }
        return Optional.of(new RouteSpec(alias, description, targets, fallbacks, rules, extractive, cache));
    }

    private static void requireModel(Connection c, String field, String modelId) throws SQLException {
        if (strings(c, "SELECT id FROM llm.model WHERE id = ?", modelId).isEmpty()) {
            throw new InvalidSpecException(field, "unknown model '" + modelId + "'");
        }
    }

    static List<String> strings(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            List<String> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        }
    }

    static int update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            return s.executeUpdate();
        }
    }
}
