package dev.weft.workers.llm.health;

import dev.weft.workers.llm.registry.Jdbc;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * Health of model endpoints in {@code llm.model_health}, shared by every replica. Each change reads the row
 * {@code FOR UPDATE}, runs the {@link CircuitBreaker} transition and writes it back in one transaction, so two
 * replicas reporting at once never lose a failure; the half-open trial and the probes are claimed with leases so
 * only one replica trials or probes at a time.
 *
 * <p>A store made with {@link #withView} keeps LLM calls off the database: routing and admission read
 * {@link #current} from an in-memory copy of every row, reloaded in the background every {@code refreshEvery}
 * (and updated at once by this replica's own breaker changes); a success that cannot change a closed breaker is
 * only counted in memory and written with the next refresh. Failures, trials and probes still go to the
 * database synchronously, so breakers open the same way on every replica. {@link #read} stays authoritative: it
 * writes the pending samples first.
 */
public final class HealthStore implements AutoCloseable {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(HealthStore.class);

    /** Weight of the newest observation in the moving averages. */
    public static final double EWMA_ALPHA = 0.2;

    private final DataSource dataSource;
    private final CircuitBreaker breaker;
    private final InstantSource clock;
    private final ScheduledExecutorService refresher;
    private volatile Map<String, ModelHealth> view;
    /**
     * Latency samples kept per model between flushes: the moving average weighs a sample this old by
     * 0.8^256 (about 1e-25), so older ones are dropped (their calls still count).
     */
    static final int MAX_PENDING_LATENCIES = 256;

    /** Successes of a closed breaker not written yet. */
    private static final class Pending {
        int calls;
        final ArrayDeque<Double> latencies = new ArrayDeque<>();
        Instant lastSuccess;

        /** This (older, failed to write) batch followed by {@code newer}. */
        static Pending before(Pending newer, Pending older) {
            Pending p = new Pending();
            p.calls = older.calls + newer.calls;
            p.latencies.addAll(older.latencies);
            p.latencies.addAll(newer.latencies);
            while (p.latencies.size() > MAX_PENDING_LATENCIES) {
                p.latencies.removeFirst();
            }
            p.lastSuccess = newer.lastSuccess;
            return p;
        }
    }

    /** Per model; guarded by {@link #flushLock}. */
    private final Map<String, Pending> pending = new HashMap<>();
    private final Object flushLock = new Object();
    private final Object writeLock = new Object();

    /** A store that reads and writes the database on every call. */
    public HealthStore(DataSource dataSource, CircuitBreaker breaker, InstantSource clock) {
        this(dataSource, breaker, clock, null);
    }

    private HealthStore(DataSource dataSource, CircuitBreaker breaker, InstantSource clock, Duration refreshEvery) {
        this.dataSource = dataSource;
        this.breaker = breaker;
        this.clock = clock;
        if (refreshEvery == null) {
            refresher = null;
        } else {
            if (refreshEvery.isNegative() || refreshEvery.isZero()) {
                throw new IllegalArgumentException("refreshEvery must be positive");
            }
            refresher = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon()
                    .name("weft-health-view").factory());
            refresher.scheduleWithFixedDelay(this::refresh, refreshEvery.toMillis(), refreshEvery.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    /** A store with an in-memory view refreshed every {@code refreshEvery}; close it to write what it holds. */
    public static HealthStore withView(DataSource dataSource, CircuitBreaker breaker, InstantSource clock,
                                       Duration refreshEvery) {
        return new HealthStore(dataSource, breaker, clock, refreshEvery);
    }

    /**
     * Health as routing sees it: from the in-memory view when there is one (at most one refresh period old for
     * other replicas' changes), else from the database.
     */
    public Map<String, ModelHealth> current(Collection<String> modelIds) {
        if (refresher == null) {
            return read(modelIds);
        }
        Map<String, ModelHealth> v = view();
        Map<String, ModelHealth> out = new HashMap<>();
        for (String id : modelIds) {
            out.put(id, v.getOrDefault(id, ModelHealth.unknown(id)));
        }
        return out;
    }

    public ModelHealth current(String modelId) {
        return current(java.util.List.of(modelId)).get(modelId);
    }

    /** Writes pending samples and reloads the view now (the background refresh does this periodically). */
    public void refresh() {
        try {
            flush();
            Map<String, ModelHealth> all = Jdbc.withConnection(dataSource, c -> {
                Map<String, ModelHealth> out = new HashMap<>();
                try (PreparedStatement s = c.prepareStatement("SELECT * FROM llm.model_health");
                     ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        ModelHealth h = map(rs);
                        out.put(h.modelId(), h);
                    }
                }
                return out;
            });
            view = new ConcurrentHashMap<>(all);
        } catch (RuntimeException e) {
            // The view in use stays until the database answers again; pending samples stay pending.
            LOG.warn("Could not refresh the model health view: {}", e.getMessage());
        }
    }

    private Map<String, ModelHealth> view() {
        Map<String, ModelHealth> v = view;
        if (v == null) {
            refresh();
            v = view;
        }
        return v == null ? Map.of() : v;
    }

    private void remember(ModelHealth h) {
        Map<String, ModelHealth> v = view;
        if (refresher != null && v != null && h != null) {
            v.put(h.modelId(), h);
        }
    }

    /**
     * Writes the successes counted in memory: one transaction, each model's row locked, the samples folded into
     * the moving averages in order. A breaker that another replica opened meanwhile is left alone (those
     * successes are older than its failures); a closed one forgets its consecutive failures, as a live success would.
     */
    public void flush() {
        // Writers queue here; calls only take flushLock, briefly, to swap the pending samples out.
        synchronized (writeLock) {
            Map<String, Pending> batch;
            synchronized (flushLock) {
                if (pending.isEmpty()) {
                    return;
                }
                batch = new TreeMap<>(pending);
                pending.clear();
            }
            try {
                write(batch);
            } catch (RuntimeException e) {
                synchronized (flushLock) {
                    batch.forEach((id, older) -> pending.merge(id, older, Pending::before));
                }
                throw e;
            }
        }
    }

    private void write(Map<String, Pending> batch) {
        Jdbc.inTransaction(dataSource, c -> {
            relaxCommit(c);
            Instant now = clock.instant();
            for (Map.Entry<String, Pending> e : batch.entrySet()) {
                Pending p = e.getValue();
                ModelHealth h = lock(c, e.getKey());
                BreakerStatus s = h.breaker().state() == BreakerState.CLOSED
                        ? breaker.on(h.breaker(), BreakerEvent.SUCCESS, now) : h.breaker();
                double errorRate = h.errorRateEwma() * Math.pow(1 - EWMA_ALPHA, p.calls);
                Double latency = h.latencyEwmaMs();
                for (Double sample : p.latencies) {
                    latency = latency == null ? sample : EWMA_ALPHA * sample + (1 - EWMA_ALPHA) * latency;
                }
                try (PreparedStatement u = c.prepareStatement("""
                        UPDATE llm.model_health SET breaker_state = ?, consecutive_failures = ?, opened_at = ?,
                          error_rate_ewma = ?, latency_ewma_ms = ?, calls = calls + ?,
                          last_success_at = GREATEST(last_success_at, ?), updated_at = ? WHERE model_id = ?""")) {
                    u.setString(1, s.state().wire());
                    u.setInt(2, s.consecutiveFailures());
                    u.setTimestamp(3, ts(s.openedAt()));
                    u.setDouble(4, errorRate);
                    u.setObject(5, latency);
                    u.setInt(6, p.calls);
                    u.setTimestamp(7, ts(p.lastSuccess));
                    u.setTimestamp(8, ts(now));
                    u.setString(9, e.getKey());
                    u.executeUpdate();
                }
            }
            return null;
        });
    }

    /** Stops the background refresh and writes the samples still held in memory. */
    @Override
    public void close() {
        if (refresher != null) {
            refresher.shutdownNow();
            try {
                flush();
            } catch (RuntimeException e) {
                LOG.warn("Could not write the last health samples on close: {}", e.getMessage());
            }
        }
    }

    /** Whether a success can be counted in memory: the view shows a closed breaker with nothing to reset. */
    private boolean deferrable(String modelId) {
        if (refresher == null) {
            return false;
        }
        ModelHealth h = view().get(modelId);
        return h != null && h.breaker().state() == BreakerState.CLOSED && h.breaker().consecutiveFailures() == 0;
    }

    private void defer(String modelId, Double latencySample) {
        synchronized (flushLock) {
            Pending p = pending.computeIfAbsent(modelId, k -> new Pending());
            p.calls++;
            p.lastSuccess = clock.instant();
            if (latencySample != null) {
                if (p.latencies.size() == MAX_PENDING_LATENCIES) {
                    p.latencies.removeFirst();
                }
                p.latencies.addLast(latencySample);
            }
        }
    }

    public CircuitBreaker breaker() {
        return breaker;
    }

    public InstantSource clock() {
        return clock;
    }

    /** Health from the database, after writing this replica's pending samples. */
    public ModelHealth read(String modelId) {
        return read(java.util.List.of(modelId)).getOrDefault(modelId, ModelHealth.unknown(modelId));
    }

    public Map<String, ModelHealth> read(Collection<String> modelIds) {
        if (refresher != null) {
            flush();
        }
        return Jdbc.withConnection(dataSource, c -> {
            Map<String, ModelHealth> out = new HashMap<>();
            try (PreparedStatement s = c.prepareStatement("SELECT * FROM llm.model_health WHERE model_id = ANY (?)")) {
                s.setArray(1, c.createArrayOf("text", modelIds.toArray()));
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        ModelHealth h = map(rs);
                        out.put(h.modelId(), h);
                    }
                }
            }
            for (String id : modelIds) {
                out.putIfAbsent(id, ModelHealth.unknown(id));
            }
            return out;
        });
    }

    /**
     * Whether a call may go to the model now. A closed breaker admits; an open one does not until its cool-down
     * passed, then it turns half-open; a half-open one admits exactly one caller, who holds the trial lease
     * until it reports or the lease ends.
     */
    public boolean admit(String modelId, Duration trialLease) {
        Instant now = clock.instant();
        // The common case, a closed breaker, needs no row lock: calls to a healthy model never queue on it.
        if (current(modelId).breaker().state() == BreakerState.CLOSED) {
            return true;
        }
        return Jdbc.inTransaction(dataSource, c -> {
            ModelHealth h = lock(c, modelId);
            BreakerStatus s = breaker.advance(h.breaker(), now);
            switch (s.state()) {
                case CLOSED -> {
                    return true;
                }
                case OPEN -> {
                    return false;
                }
                case HALF_OPEN -> {
                    if (h.trialLeaseUntil() != null && h.trialLeaseUntil().isAfter(now)) {
                        return false;
                    }
                    try (PreparedStatement u = c.prepareStatement("""
                            UPDATE llm.model_health SET breaker_state = ?, consecutive_failures = ?, opened_at = ?,
                              trial_lease_until = ?, updated_at = ? WHERE model_id = ? RETURNING *""")) {
                        u.setString(1, s.state().wire());
                        u.setInt(2, s.consecutiveFailures());
                        u.setTimestamp(3, ts(s.openedAt()));
                        u.setTimestamp(4, ts(now.plus(trialLease)));
                        u.setTimestamp(5, ts(now));
                        u.setString(6, modelId);
                        remember(returned(u));
                    }
                    return true;
                }
                default -> throw new IllegalStateException();
            }
        });
    }

    /** A live call succeeded after {@code latencyMs}. */
    public void recordSuccess(String modelId, long latencyMs) {
        if (deferrable(modelId)) {
            defer(modelId, (double) latencyMs);
            return;
        }
        record(modelId, BreakerEvent.SUCCESS, 0.0, (double) latencyMs, null, true);
    }

    /**
     * A live call got an answer that was the request's fault (context length, content policy): the endpoint is
     * alive, so it counts as a success for the breaker but does not feed the latency average.
     */
    public void recordAnswered(String modelId) {
        if (deferrable(modelId)) {
            defer(modelId, null);
            return;
        }
        record(modelId, BreakerEvent.SUCCESS, 0.0, null, null, true);
    }

    /** A live call failed because of the endpoint. */
    public void recordFailure(String modelId, String errorClass, String message) {
        record(modelId, BreakerEvent.FAILURE, 1.0, null, errorClass + ": " + message, true);
    }

    private void record(String modelId, BreakerEvent event, double errorSample, Double latencySample, String error,
                        boolean live) {
        if (refresher != null) {
            flush(); // successes counted in memory happened before this event
        }
        Instant now = clock.instant();
        ModelHealth written = Jdbc.inTransaction(dataSource, c -> {
            relaxCommit(c);
            ModelHealth h = lock(c, modelId);
            BreakerStatus s = breaker.on(breaker.advance(h.breaker(), now), event, now);
            double errorRate = live ? EWMA_ALPHA * errorSample + (1 - EWMA_ALPHA) * h.errorRateEwma() : h.errorRateEwma();
            Double latency = h.latencyEwmaMs();
            if (latencySample != null) {
                latency = latency == null ? latencySample : EWMA_ALPHA * latencySample + (1 - EWMA_ALPHA) * latency;
            }
            ModelHealth updated;
            try (PreparedStatement u = c.prepareStatement("""
                    UPDATE llm.model_health SET breaker_state = ?, consecutive_failures = ?, opened_at = ?,
                      trial_lease_until = NULL, error_rate_ewma = ?, latency_ewma_ms = ?,
                      calls = calls + ?, failures = failures + ?,
                      last_error = COALESCE(?, last_error),
                      last_success_at = CASE WHEN ? THEN ? ELSE last_success_at END,
                      updated_at = ? WHERE model_id = ? RETURNING *""")) {
                u.setString(1, s.state().wire());
                u.setInt(2, s.consecutiveFailures());
                u.setTimestamp(3, ts(s.openedAt()));
                u.setDouble(4, errorRate);
                u.setObject(5, latency);
                u.setInt(6, live ? 1 : 0);
                u.setInt(7, live && event == BreakerEvent.FAILURE ? 1 : 0);
                u.setString(8, error == null ? null : abbreviate(error));
                u.setBoolean(9, event == BreakerEvent.SUCCESS);
                u.setTimestamp(10, ts(now));
                u.setTimestamp(11, ts(now));
                u.setString(12, modelId);
                updated = returned(u);
            }
            return updated;
        });
        remember(written); // after the commit: a refresh never reads the row before it
    }

    /**
     * Claims the next probe of a model if it is due and no other replica holds the probe lease.
     *
     * @return true when this caller should probe now
     */
    public boolean claimProbe(String modelId, Duration interval, Duration lease) {
        Instant now = clock.instant();
        return Jdbc.withConnection(dataSource, c -> {
            ensureRow(c, modelId);
            try (PreparedStatement u = c.prepareStatement("""
                    UPDATE llm.model_health SET probe_lease_until = ?
                    WHERE model_id = ? AND (probe_lease_until IS NULL OR probe_lease_until <= ?)
                      AND (last_probe_at IS NULL OR last_probe_at <= ?)""")) {
                u.setTimestamp(1, ts(now.plus(lease)));
                u.setString(2, modelId);
                u.setTimestamp(3, ts(now));
                u.setTimestamp(4, ts(now.minus(interval)));
                return u.executeUpdate() == 1;
            }
        });
    }

    /**
     * Stores a probe result. A failure counts against the breaker unless {@code warming} says a serverless model
     * is still inside its cold-start grace; the first warming failure starts the grace clock.
     */
    public void recordProbe(String modelId, ProbeOutcome outcome) {
        Instant now = clock.instant();
        ModelHealth written = Jdbc.inTransaction(dataSource, c -> {
            relaxCommit(c);
            ModelHealth h = lock(c, modelId);
            BreakerStatus s = breaker.advance(h.breaker(), now);
            Instant warmingSince = h.warmingSince();
            String error = null;
            switch (outcome) {
                case ProbeOutcome.Ok ok -> {
                    s = breaker.on(s, BreakerEvent.PROBE_SUCCEEDED, now);
                    warmingSince = null;
                }
                case ProbeOutcome.Warming w -> {
                    warmingSince = warmingSince == null ? now : warmingSince;
                    error = "warming: " + w.detail();
                }
                case ProbeOutcome.Failed f -> {
                    s = breaker.on(s, BreakerEvent.FAILURE, now);
                    error = f.detail();
                }
            }
            ModelHealth updated;
            try (PreparedStatement u = c.prepareStatement("""
                    UPDATE llm.model_health SET breaker_state = ?, consecutive_failures = ?, opened_at = ?,
                      last_probe_at = ?, last_probe_ok = ?, warming_since = ?, probe_lease_until = NULL,
                      last_error = COALESCE(?, last_error), updated_at = ? WHERE model_id = ? RETURNING *""")) {
                u.setString(1, s.state().wire());
                u.setInt(2, s.consecutiveFailures());
                u.setTimestamp(3, ts(s.openedAt()));
                u.setTimestamp(4, ts(now));
                u.setBoolean(5, outcome instanceof ProbeOutcome.Ok);
                u.setTimestamp(6, ts(warmingSince));
                u.setString(7, error == null ? null : abbreviate(error));
                u.setTimestamp(8, ts(now));
                u.setString(9, modelId);
                updated = returned(u);
            }
            return updated;
        });
        remember(written); // after the commit: a refresh never reads the row before it
    }

    /**
     * Health rows are rewritten on every call; losing the last few updates in a database crash only costs a few
     * samples, so these commits do not wait for the WAL flush (which would dominate a call's overhead).
     */
    static void relaxCommit(Connection c) throws SQLException {
        try (java.sql.Statement s = c.createStatement()) {
            s.execute("SET LOCAL synchronous_commit = off");
        }
    }

    private ModelHealth lock(Connection c, String modelId) throws SQLException {
        ensureRow(c, modelId);
        try (PreparedStatement s = c.prepareStatement("SELECT * FROM llm.model_health WHERE model_id = ? FOR UPDATE")) {
            s.setString(1, modelId);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalArgumentException("model '" + modelId + "' is not in the registry");
                }
                return map(rs);
            }
        }
    }

    private static ModelHealth returned(PreparedStatement u) throws SQLException {
        try (ResultSet rs = u.executeQuery()) {
            return rs.next() ? map(rs) : null;
        }
    }

    private static void ensureRow(Connection c, String modelId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO llm.model_health (model_id) SELECT id FROM llm.model WHERE id = ?
                ON CONFLICT DO NOTHING""")) {
            s.setString(1, modelId);
            s.executeUpdate();
        }
    }

    private static ModelHealth map(ResultSet rs) throws SQLException {
        return new ModelHealth(rs.getString("model_id"),
                new BreakerStatus(BreakerState.fromWire(rs.getString("breaker_state")), rs.getInt("consecutive_failures"),
                        instant(rs.getTimestamp("opened_at"))),
                instant(rs.getTimestamp("trial_lease_until")), rs.getDouble("error_rate_ewma"),
                (Double) rs.getObject("latency_ewma_ms"), rs.getLong("calls"), rs.getLong("failures"),
                rs.getString("last_error"), instant(rs.getTimestamp("last_probe_at")),
                (Boolean) rs.getObject("last_probe_ok"), instant(rs.getTimestamp("warming_since")));
    }

    private static Timestamp ts(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    private static String abbreviate(String s) {
        return s.length() <= 500 ? s : s.substring(0, 500);
    }
}
