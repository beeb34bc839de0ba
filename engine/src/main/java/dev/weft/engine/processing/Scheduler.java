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
 * only reads; the commands re-check under lock, so two engines finding the same due job apply it once.
 */
final class Scheduler implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Scheduler.class.getName());

    private final EngineConfig config;
    private final Consumer<Command> submit;
    private final LongConsumer tick;
    private final Thread thread;
    private volatile boolean running = true;
    private Connection connection;
    private long sweeps;

    Scheduler(EngineConfig config, Consumer<Command> submit, LongConsumer tick) {
        this.config = config;
        this.submit = submit;
        this.tick = tick;
        this.thread = new Thread(this::loop, "weft-engine-scheduler");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private void loop() {
        long n = 0;
        while (running) {
            try {
                Thread.sleep(config.schedulerInterval().toMillis());
            } catch (InterruptedException e) {
                break;
            }
            n++;
            try {
                tick.accept(n);
                scanDueWork();
            } catch (SQLException e) {
                LOG.log(Level.WARNING, "Scheduler could not read due work: " + e.getMessage());
                closeConnection();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Scheduler tick failed", e);
            }
        }
        closeConnection();
    }

    private void scanDueWork() throws SQLException {
        if (connection == null || connection.isClosed()) {
            connection = config.dataSource().getConnection();
            connection.setAutoCommit(true);
        }
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
