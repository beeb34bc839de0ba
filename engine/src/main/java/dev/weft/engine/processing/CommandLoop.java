package dev.weft.engine.processing;

import dev.weft.engine.api.EngineRejection;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * One processing thread: takes a batch of commands from the shared queue, locks the instances they touch (in key
 * order), processes them one after the other in one transaction, commits, and only then answers. If anything
 * unexpected happens (a deadlock with another engine, a bug) the batch is rolled back and its commands are retried
 * one per transaction, so one bad command never takes others down with it.
 */
final class CommandLoop implements Runnable {

    private static final Logger LOG = Logger.getLogger(CommandLoop.class.getName());

    /** A command with its caller. */
    record Pending(Command command, java.util.concurrent.CompletableFuture<Object> future) {
    }

    /** What to do with the results after a commit (answer callers, long polls, result waiters). */
    interface Completion {
        void committed(Batch batch, List<Pending> pending, List<Object> results);
    }

    interface Processor {
        Object process(Batch batch, Command command) throws SQLException;
    }

    private final DataSource dataSource;
    private final BlockingQueue<Pending> queue;
    private final int maxBatch;
    private final Processor processor;
    private final Completion completion;
    private final java.util.function.Supplier<Batch> batches;
    private final java.util.function.BooleanSupplier running;
    private Connection connection;

    CommandLoop(DataSource dataSource, BlockingQueue<Pending> queue, int maxBatch, Processor processor,
                Completion completion, java.util.function.Function<Connection, Batch> batchFactory,
                java.util.function.BooleanSupplier running) {
        this.dataSource = dataSource;
        this.queue = queue;
        this.maxBatch = maxBatch;
        this.processor = processor;
        this.completion = completion;
        this.batches = () -> batchFactory.apply(connection);
        this.running = running;
    }

    @Override
    public void run() {
        List<Pending> batch = new ArrayList<>(maxBatch);
        while (running.getAsBoolean() || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(50, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.clear();
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                processBatch(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException e) {
                LOG.log(Level.SEVERE, "Processing loop failure", e);
            }
        }
        closeConnection();
    }

    private void processBatch(List<Pending> pending) {
        try {
            runTransaction(pending);
        } catch (Exception e) {
            if (pending.size() == 1) {
                pending.get(0).future().completeExceptionally(e);
                LOG.log(Level.WARNING, "Command failed: " + pending.get(0).command().getClass().getSimpleName(), e);
                return;
            }
            for (Pending p : pending) {
                processBatch(List.of(p));
            }
        }
    }

    private void runTransaction(List<Pending> pending) throws SQLException {
        Connection c = connection();
        Batch b = batches.get();
        List<Object> results = new ArrayList<>(pending.size());
        try {
            prelock(b, pending);
            for (Pending p : pending) {
                if (p.command() instanceof Command.ActivateJobs && p.future().isDone()) {
                    results.add(List.of()); // the caller gave up waiting: activate nothing for it
                    continue;
                }
                Object r = processor.process(b, p.command());
                if (r instanceof EngineRejection rejection) {
                    b.reject(valueType(p.command()), intent(p.command()), -1, rejection);
                }
                results.add(r);
            }
            b.flush();
            c.commit();
        } catch (SQLException | RuntimeException e) {
            try {
                c.rollback();
            } catch (SQLException re) {
                closeConnection();
            }
            if (e instanceof SQLException se && isConnectionProblem(se)) {
                closeConnection();
            }
            throw e;
        }
        completion.committed(b, pending, results);
    }

    /** Finds the instances the commands touch and locks them in key order before any processing. */
    private static void prelock(Batch b, List<Pending> pending) throws SQLException {
        Set<Long> instances = new HashSet<>();
        List<Long> jobs = new ArrayList<>();
        List<Long> incidents = new ArrayList<>();
        List<Long> elements = new ArrayList<>();
        List<Long> timers = new ArrayList<>();
        List<Long> userTasks = new ArrayList<>();
        for (Pending p : pending) {
            Command c = p.command();
            if (c.instanceKey() > 0) {
                instances.add(c.instanceKey());
            }
            if (c.jobKey() > 0) {
                jobs.add(c.jobKey());
            }
            if (c.incidentKey() > 0) {
                incidents.add(c.incidentKey());
            }
            if (c.elementInstanceKey() > 0) {
                elements.add(c.elementInstanceKey());
            }
            if (c.timerKey() > 0) {
                timers.add(c.timerKey());
            }
            if (c.userTaskKey() > 0) {
                userTasks.add(c.userTaskKey());
            }
        }
        lockOwners(b, instances, jobs, incidents, elements, timers, userTasks);
        if (!jobs.isEmpty()) {
            try (PreparedStatement ps = b.connection.prepareStatement("SELECT " + JobRows.COLUMNS
                    + " FROM engine.job WHERE key = ANY(?) ORDER BY key FOR UPDATE")) {
                ps.setArray(1, b.connection.createArrayOf("bigint", jobs.toArray(new Long[0])));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        var j = JobRows.read(rs);
                        b.jobs.put(j.key, j);
                    }
                }
            }
        }
    }

    /**
     * Locks and loads, in one round trip, the instances the commands name directly and the instances owning the
     * jobs, incidents, element instances, timers and user tasks they name, in key order.
     */
    private static void lockOwners(Batch b, Set<Long> instances, List<Long> jobs, List<Long> incidents,
                                   List<Long> elements, List<Long> timers, List<Long> userTasks) throws SQLException {
        if (instances.isEmpty() && jobs.isEmpty() && incidents.isEmpty() && elements.isEmpty() && timers.isEmpty()
                && userTasks.isEmpty()) {
            return;
        }
        StringBuilder owners = new StringBuilder("SELECT unnest(?::bigint[])");
        List<List<Long>> lists = new ArrayList<>();
        lists.add(new ArrayList<>(instances));
        String[] tables = {"engine.job", "engine.incident", "engine.element_instance", "engine.timer", "engine.user_task"};
        List<List<Long>> byTable = List.of(jobs, incidents, elements, timers, userTasks);
        for (int i = 0; i < tables.length; i++) {
            if (!byTable.get(i).isEmpty()) {
                owners.append(" UNION SELECT process_instance_key FROM ").append(tables[i]).append(" WHERE key = ANY(?)");
                lists.add(byTable.get(i));
            }
        }
        try (PreparedStatement ps = b.connection.prepareStatement("SELECT key, runtime FROM engine.process_instance "
                + "WHERE key = ANY(ARRAY(" + owners + ")) ORDER BY key FOR UPDATE")) {
            for (int i = 0; i < lists.size(); i++) {
                ps.setArray(i + 1, b.connection.createArrayOf("bigint", lists.get(i).toArray(new Long[0])));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String runtime = rs.getString(2);
                    if (runtime != null) {
                        b.instances.put(rs.getLong(1), dev.weft.engine.state.Json.read(runtime,
                                dev.weft.engine.state.InstanceRuntime.class));
                    }
                }
            }
        }
    }

    static String valueType(Command c) {
        return switch (c) {
            case Command.Deploy d -> "DEPLOYMENT";
            case Command.DeleteResource d -> "RESOURCE_DELETION";
            case Command.CreateInstance ci -> "PROCESS_INSTANCE_CREATION";
            case Command.CancelInstance ci -> "PROCESS_INSTANCE";
            case Command.SetVariables s -> "VARIABLE_DOCUMENT";
            case Command.ResolveIncident r -> "INCIDENT";
            case Command.ActivateJobs a -> "JOB_BATCH";
            case Command.PublishMessage m -> m.mustCorrelate() ? "MESSAGE_CORRELATION" : "MESSAGE";
            case Command.BroadcastSignal s -> "SIGNAL";
            case Command.CompleteUserTask u -> "USER_TASK";
            case Command.AssignUserTask u -> "USER_TASK";
            case Command.TriggerTimer t -> "TIMER";
            default -> "JOB";
        };
    }

    static String intent(Command c) {
        return switch (c) {
            case Command.Deploy d -> "CREATE";
            case Command.DeleteResource d -> "DELETE";
            case Command.CreateInstance ci -> "CREATE";
            case Command.CancelInstance ci -> "CANCEL";
            case Command.SetVariables s -> "UPDATE";
            case Command.ResolveIncident r -> "RESOLVE";
            case Command.ActivateJobs a -> "ACTIVATE";
            case Command.CompleteJob j -> "COMPLETE";
            case Command.FailJob j -> "FAIL";
            case Command.ThrowError j -> "THROW_ERROR";
            case Command.UpdateRetries j -> "UPDATE_RETRIES";
            case Command.UpdateTimeout j -> "UPDATE_TIMEOUT";
            case Command.TimeOutJob j -> "TIME_OUT";
            case Command.RecurJob j -> "RECUR_AFTER_BACKOFF";
            case Command.YieldJob j -> "YIELD";
            case Command.PublishMessage m -> m.mustCorrelate() ? "CORRELATE" : "PUBLISH";
            case Command.BroadcastSignal s -> "BROADCAST";
            case Command.CompleteUserTask u -> "COMPLETE";
            case Command.AssignUserTask u -> "ASSIGN";
            case Command.TriggerTimer t -> "TRIGGER";
        };
    }

    private Connection connection() throws SQLException {
        if (connection == null || connection.isClosed()) {
            connection = dataSource.getConnection();
            connection.setAutoCommit(false);
        }
        return connection;
    }

    private static boolean isConnectionProblem(SQLException e) {
        String state = e.getSQLState();
        return state == null || state.startsWith("08");
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // the connection is broken anyway; a new one is opened for the next batch
            }
            connection = null;
        }
    }
}
