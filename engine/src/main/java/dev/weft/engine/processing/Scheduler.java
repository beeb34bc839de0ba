package dev.weft.engine.processing;

import dev.weft.engine.api.EngineConfig;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The due-date scheduler: finds expired job locks and passed retry back-offs and turns them into commands. It
 * only reads; the commands re-check under lock, so two engines finding the same due job apply it once. Between
 * scans it listens for other engines' job announcements on the same connection (see {@link NodeWakeups}).
 */
final class Scheduler implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Scheduler.class.getName());

    /** Longest single wait for announcements, so that closing never waits for a long scheduler interval. */
    private static final int MAX_WAIT_MILLIS = 500;

    private final EngineConfig config;
    private final Consumer<Command> submit;
    private final LongConsumer tick;
    private final NodeWakeups wakeups;
    private final Thread thread;
    private volatile boolean running = true;
    private Connection connection;
    private long sweeps;

    Scheduler(EngineConfig config, Consumer<Command> submit, LongConsumer tick, NodeWakeups wakeups) {
        this.config = config;
        this.submit = submit;
        this.tick = tick;
        this.wakeups = wakeups;
        this.thread = new Thread(this::loop, "weft-engine-scheduler");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Between scans the thread waits on its connection for other engines' announcements (see NodeWakeups). */
    private void loop() {
        long n = 0;
        long intervalNanos = config.schedulerInterval().toNanos();
        long nextScan = System.nanoTime() + intervalNanos;
        while (running) {
            try {
                long waitMillis = (nextScan - System.nanoTime()) / 1_000_000;
                if (waitMillis > 0) {
                    wakeups.await(connection(), (int) Math.min(waitMillis, MAX_WAIT_MILLIS));
                    continue;
                }
                nextScan = System.nanoTime() + intervalNanos;
                n++;
                tick.accept(n); // also when the database is unreachable: it expires long polls and result waiters
                scanDueWork();
            } catch (SQLException e) {
                if (!running) {
                    break;
                }
                LOG.log(Level.WARNING, "Scheduler could not read due work or announcements: " + e.getMessage());
                closeConnection();
                try {
                    Thread.sleep(Math.min(1000, Math.max(1, config.schedulerInterval().toMillis())));
                } catch (InterruptedException ie) {
                    break;
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Scheduler tick failed", e);
            }
        }
        closeConnection();
    }

    private Connection connection() throws SQLException {
        if (connection == null || connection.isClosed()) {
            connection = config.dataSource().getConnection();
            connection.setAutoCommit(true);
            wakeups.listen(connection);
        }
        return connection;
    }

    private void scanDueWork() throws SQLException {
        connection();
        long now = System.currentTimeMillis();
        scan("SELECT key FROM engine.job WHERE state = 'ACTIVATED' AND deadline <= ? ORDER BY deadline LIMIT 500",
                now, key -> submit.accept(new Command.TimeOutJob(key)));
        scan("SELECT key FROM engine.job WHERE state = 'FAILED' AND recur_at > 0 AND recur_at <= ? ORDER BY recur_at LIMIT 500",
                now, key -> submit.accept(new Command.RecurJob(key)));
        scan("SELECT key FROM engine.timer WHERE due_date <= ? ORDER BY due_date LIMIT 500",
                now, key -> submit.accept(new Command.TriggerTimer(key)));
        if (++sweeps % 100 == 0) {
            // Expired buffered messages can no longer correlate; dropping them is housekeeping, not a state change.
            try (PreparedStatement ps = connection.prepareStatement("DELETE FROM engine.message WHERE expires_at <= ?")) {
                ps.setLong(1, now);
                ps.executeUpdate();
            }
        }
    }

    private void scan(String sql, long now, java.util.function.LongConsumer each) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setLong(1, now);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    each.accept(rs.getLong(1));
                }
            }
        }
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // reopened on the next tick
            }
            connection = null;
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
