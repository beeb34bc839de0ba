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
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Health of model endpoints in {@code llm.model_health}, shared by every replica. Each change reads the row
 * {@code FOR UPDATE}, runs the {@link CircuitBreaker} transition and writes it back in one transaction, so two
 * replicas reporting at once never lose a failure; the half-open trial and the probes are claimed with leases so
 * only one replica trials or probes at a time.
 */
public final class HealthStore {

    /** Weight of the newest observation in the moving averages. */
    public static final double EWMA_ALPHA = 0.2;

    private final DataSource dataSource;
    private final CircuitBreaker breaker;
    private final InstantSource clock;

    public HealthStore(DataSource dataSource, CircuitBreaker breaker, InstantSource clock) {
        this.dataSource = dataSource;
        this.breaker = breaker;
        this.clock = clock;
    }

    public CircuitBreaker breaker() {
        return breaker;
    }

    public InstantSource clock() {
        return clock;
    }

    public ModelHealth read(String modelId) {
        return read(java.util.List.of(modelId)).getOrDefault(modelId, ModelHealth.unknown(modelId));
    }

    public Map<String, ModelHealth> read(Collection<String> modelIds) {
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
        if (read(modelId).breaker().state() == BreakerState.CLOSED) {
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
                              trial_lease_until = ?, updated_at = ? WHERE model_id = ?""")) {
                        u.setString(1, s.state().wire());
                        u.setInt(2, s.consecutiveFailures());
                        u.setTimestamp(3, ts(s.openedAt()));
                        u.setTimestamp(4, ts(now.plus(trialLease)));
                        u.setTimestamp(5, ts(now));
                        u.setString(6, modelId);
                        u.executeUpdate();
                    }
                    return true;
                }
                default -> throw new IllegalStateException();
            }
        });
    }

    /** A live call succeeded after {@code latencyMs}. */
    public void recordSuccess(String modelId, long latencyMs) {
        record(modelId, BreakerEvent.SUCCESS, 0.0, (double) latencyMs, null, true);
    }

    /**
     * A live call got an answer that was the request's fault (context length, content policy): the endpoint is
     * alive, so it counts as a success for the breaker but does not feed the latency average.
     */
    public void recordAnswered(String modelId) {
        record(modelId, BreakerEvent.SUCCESS, 0.0, null, null, true);
    }

    /** A live call failed because of the endpoint. */
    public void recordFailure(String modelId, String errorClass, String message) {
        record(modelId, BreakerEvent.FAILURE, 1.0, null, errorClass + ": " + message, true);
    }

    private void record(String modelId, BreakerEvent event, double errorSample, Double latencySample, String error,
                        boolean live) {
        Instant now = clock.instant();
        Jdbc.inTransaction(dataSource, c -> {
            relaxCommit(c);
            ModelHealth h = lock(c, modelId);
            BreakerStatus s = breaker.on(breaker.advance(h.breaker(), now), event, now);
            double errorRate = live ? EWMA_ALPHA * errorSample + (1 - EWMA_ALPHA) * h.errorRateEwma() : h.errorRateEwma();
            Double latency = h.latencyEwmaMs();
            if (latencySample != null) {
                latency = latency == null ? latencySample : EWMA_ALPHA * latencySample + (1 - EWMA_ALPHA) * latency;
            }
            try (PreparedStatement u = c.prepareStatement("""
                    UPDATE llm.model_health SET breaker_state = ?, consecutive_failures = ?, opened_at = ?,
                      trial_lease_until = NULL, error_rate_ewma = ?, latency_ewma_ms = ?,
                      calls = calls + ?, failures = failures + ?,
                      last_error = COALESCE(?, last_error),
                      last_success_at = CASE WHEN ? THEN ? ELSE last_success_at END,
                      updated_at = ? WHERE model_id = ?""")) {
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
                u.executeUpdate();
            }
            return null;
        });
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
        Jdbc.inTransaction(dataSource, c -> {
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
            try (PreparedStatement u = c.prepareStatement("""
                    UPDATE llm.model_health SET breaker_state = ?, consecutive_failures = ?, opened_at = ?,
                      last_probe_at = ?, last_probe_ok = ?, warming_since = ?, probe_lease_until = NULL,
                      last_error = COALESCE(?, last_error), updated_at = ? WHERE model_id = ?""")) {
                u.setString(1, s.state().wire());
                u.setInt(2, s.consecutiveFailures());
                u.setTimestamp(3, ts(s.openedAt()));
                u.setTimestamp(4, ts(now));
                u.setBoolean(5, outcome instanceof ProbeOutcome.Ok);
                u.setTimestamp(6, ts(warmingSince));
                u.setString(7, error == null ? null : abbreviate(error));
                u.setTimestamp(8, ts(now));
                u.setString(9, modelId);
                u.executeUpdate();
            }
            return null;
        });
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
