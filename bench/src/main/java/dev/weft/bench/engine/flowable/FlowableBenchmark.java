package dev.weft.bench.engine.flowable;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;
import javax.sql.DataSource;
import org.flowable.common.engine.api.delegate.event.FlowableEngineEventType;
import org.flowable.common.engine.api.delegate.event.FlowableEvent;
import org.flowable.common.engine.api.delegate.event.FlowableEventListener;
import org.flowable.common.engine.impl.cfg.TransactionState;
import org.flowable.common.engine.impl.context.Context;
import org.flowable.common.engine.impl.history.HistoryLevel;
import org.flowable.common.engine.impl.persistence.StrongUuidGenerator;
import org.flowable.engine.ProcessEngine;
import org.flowable.engine.ProcessEngineConfiguration;
import org.flowable.engine.impl.cfg.StandaloneProcessEngineConfiguration;

/**
 * The Weft engine benchmark's two flows on Flowable 7.2, measured the same way: a Flowable process engine on its own
 * database of the same PostgreSQL server, its async executor on, history level {@value #HISTORY_LEVEL_NAME}, and
 * remote workers ({@link FlowableHttpWorker}) that acquire and complete the external worker jobs over Flowable's
 * external worker REST API ({@link FlowableJobRestServer}).
 *
 * <p>An instance counts when its completion commits: a {@code PROCESS_COMPLETED} listener that fires on the
 * transaction's commit releases the instance's slot in the window of instances in flight.
 */
public final class FlowableBenchmark implements AutoCloseable {

    /**
     * "audit": Flowable's default — process, activity and task history and the latest variable values, without
     * the detail of every variable update that "full" adds. Weft keeps its whole record log, so this does not
     * favour Weft.
     */
    public static final String HISTORY_LEVEL_NAME = "audit";

    /** A run fails when no instance completes for this long. */
    private static final int STALL_SECONDS = 120;
    /** How long an async job and an acquired external worker job stay locked to their executor or worker. */
    public static final int JOB_LOCK_SECONDS = 10;
    /** Threads starting instances; the window of instances in flight is what limits the load. */
    public static final int STARTERS = 8;
    /**
     * Connections for Flowable: Tomcat's request threads, the async executor's threads and the starters, twice
     * over. With the Weft run's 16 (and 64 instances in flight) its REST requests timed out after 30 s waiting for a
     * connection while all 16 were held, and the run stalled; where Flowable holds one connection while waiting for
     * another was not pinned down, so the pool simply has room for that.
     */
    public static final int POOL_SIZE = 2 * (FlowableJobRestServer.REQUEST_THREADS + 8 + STARTERS);

    private final ProcessEngine engine;
    private final FlowableJobRestServer server;
    private final HttpClient http;
    private final AtomicReference<Phase> phase = new AtomicReference<>();
    /** Threads that start instances (each start runs to the first wait state and commits in the calling thread). */
    private final ExecutorService starters = Executors.newFixedThreadPool(STARTERS);

    private FlowableBenchmark(DataSource dataSource) {
        StandaloneProcessEngineConfiguration config = new StandaloneProcessEngineConfiguration();
        config.setDataSource(dataSource);
        config.setDatabaseSchemaUpdate(ProcessEngineConfiguration.DB_SCHEMA_UPDATE_TRUE);
        config.setHistoryLevel(HistoryLevel.getHistoryLevelForKey(HISTORY_LEVEL_NAME));
        config.setAsyncExecutorActivate(true);
        config.setAsyncExecutorCorePoolSize(8); // Flowable's defaults, stated because POOL_SIZE counts them
        config.setAsyncExecutorMaxPoolSize(8);
        // Under this load some parallel-multi-instance-complete jobs die of an optimistic locking exception outside
        // Flowable's retry and leave their process instance locked until the async job lock expires (1 h by
        // default); a short lock time turns that stall into a delay. The jobs themselves take milliseconds.
        config.setAsyncExecutorAsyncJobLockTimeInMillis(JOB_LOCK_SECONDS * 1000);
        config.setAsyncExecutorResetExpiredJobsInterval(JOB_LOCK_SECONDS * 1000);
        // Flowable's advice for concurrent load: the default DbIdGenerator fetches each id block in a transaction of
        // its own, on a second connection, while the command that needed the id holds its first.
        config.setIdGenerator(new StrongUuidGenerator());
        // Neither takes part in a BPMN flow with service tasks; they would only add tables and startup time.
        config.setDisableIdmEngine(true);
        config.setDisableEventRegistry(true);
        config.setTypedEventListeners(Map.of(FlowableEngineEventType.PROCESS_COMPLETED.name(),
                List.of(new CompletionListener())));
        this.engine = config.buildProcessEngine();
        this.server = FlowableJobRestServer.start(engine.getManagementService());
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        engine.getRepositoryService().createDeployment()
                .addString("one-task.bpmn", FlowableFlows.ONE_TASK)
                .addString("ai-shaped.bpmn", FlowableFlows.AI_SHAPED)
                .deploy();
    }

    /**
     * Builds the engine on {@code dataSource} (an empty database; Flowable creates its schema), deploys both flows
     * and serves the external worker REST API.
     */
    public static FlowableBenchmark start(DataSource dataSource) {
        return new FlowableBenchmark(dataSource);
    }

    /** Base URL of the external worker REST API the workers talk to. */
    public String restUrl() {
        return server.baseUrl();
    }

    public ProcessEngine engine() {
        return engine;
    }

    /**
     * Runs {@code count} instances of {@code processKey}, {@code inFlight} at a time, with one remote worker per
     * topic, and returns what completed and how fast. {@code progress} is told the number of completed instances
     * as the run goes on (about every half second).
     */
    public Result run(String processKey, String[] topics, int count, int inFlight, IntConsumer progress)
            throws Exception {
        List<FlowableHttpWorker> workers = new ArrayList<>();
        for (String topic : topics) {
            workers.add(new FlowableHttpWorker(http, server.baseUrl(), topic));
        }
        try {
            Phase p = new Phase(inFlight);
            phase.set(p);
            AtomicInteger startFailures = new AtomicInteger();
            AtomicReference<Throwable> firstStartFailure = new AtomicReference<>();
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                if (!p.window.tryAcquire(STALL_SECONDS, TimeUnit.SECONDS)) {
                    throw new IllegalStateException(stalled(processKey, p.completed.get(), count, workers));
                }
                starters.execute(() -> {
                    try {
                        engine.getRuntimeService().startProcessInstanceByKey(processKey, variables());
                    } catch (RuntimeException e) {
                        startFailures.incrementAndGet();
                        firstStartFailure.compareAndSet(null, e);
                        p.window.release();
                    }
                });
            }
            int lastSeen = -1;
            long lastProgressAt = System.nanoTime();
            while (p.completed.get() < count - startFailures.get()) {
                TimeUnit.MILLISECONDS.sleep(500);
                int now = p.completed.get();
                progress.accept(now);
                if (now != lastSeen) {
                    lastSeen = now;
                    lastProgressAt = System.nanoTime();
                } else if (System.nanoTime() - lastProgressAt > TimeUnit.SECONDS.toNanos(STALL_SECONDS)) {
                    throw new IllegalStateException(stalled(processKey, now, count, workers));
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            phase.set(null);
            progress.accept(p.completed.get());
            long workerFailures = workers.stream().mapToLong(FlowableHttpWorker::failures).sum();
            String firstFailure = firstStartFailure.get() != null ? "start: " + firstStartFailure.get()
                    : workers.stream().map(FlowableHttpWorker::firstFailure).filter(f -> f != null).findFirst()
                            .orElse(null);
            return new Result(count, p.completed.get(), startFailures.get() + workerFailures, firstFailure, seconds);
        } finally {
            for (FlowableHttpWorker w : workers) {
                w.close();
            }
        }
    }

    private String stalled(String processKey, int completed, int count, List<FlowableHttpWorker> workers) {
        var management = engine.getManagementService();
        String workerFailure = workers.stream().map(FlowableHttpWorker::firstFailure).filter(f -> f != null)
                .findFirst().orElse("none");
        return processKey + ": no instance completed for " + STALL_SECONDS + " s (" + completed + " of " + count
                + " done; jobs: " + management.createExternalWorkerJobQuery().count() + " external worker, "
                + management.createJobQuery().count() + " async, " + management.createTimerJobQuery().count()
                + " timer (failed, awaiting retry), " + management.createDeadLetterJobQuery().count()
                + " dead-letter; first worker failure: " + workerFailure + ")";
    }

    /** The variables every instance starts with, as in the Weft run. */
    private static Map<String, Object> variables() {
        Map<String, Object> variables = new HashMap<>();
        variables.put("items", new ArrayList<>(List.of(1, 2, 3)));
        variables.put("route", "fast");
        return variables;
    }

    @Override
    public void close() {
        starters.shutdownNow();
        server.close();
        engine.close();
        http.close();
    }

    /**
     * One measured run.
     *
     * @param instances instances started
     * @param completed instances whose completion committed
     * @param failures  failed starts plus failed worker requests
     * @param firstFailure the first failure's reason, or null
     * @param seconds   from the first start to the last completion
     */
    public record Result(int instances, int completed, long failures, String firstFailure, double seconds) {

        /** Completed instances per second. */
        public double rate() {
            return completed / seconds;
        }
    }

    /** The instances in flight of the current run and how many have completed. */
    private static final class Phase {
        final Semaphore window;
        final AtomicInteger completed = new AtomicInteger();

        Phase(int inFlight) {
            this.window = new Semaphore(inFlight);
        }
    }

    /**
     * Counts a process instance once its completion has committed: a plain listener on the commit of the transaction
     * that completed it (a transaction-dependent event listener would run in a command of its own).
     */
    private final class CompletionListener implements FlowableEventListener {

        @Override
        public void onEvent(FlowableEvent event) {
            Phase p = phase.get();
            if (p != null) {
                Context.getTransactionContext().addTransactionListener(TransactionState.COMMITTED, commandContext -> {
                    p.completed.incrementAndGet();
                    p.window.release();
                });
            }
        }

        @Override
        public boolean isFailOnException() {
            return false;
        }

        @Override
        public boolean isFireOnTransactionLifecycleEvent() {
            return false;
        }

        @Override
        public String getOnTransaction() {
            return null;
        }
    }
}
