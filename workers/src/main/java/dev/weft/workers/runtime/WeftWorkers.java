package dev.weft.workers.runtime;

import dev.weft.workers.job.Step;
import dev.weft.workers.job.StepJobHandler;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.worker.JobWorker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Opens one job worker per step on a {@link CamundaClient}: the same code serves Weft's embedded engine and a
 * Camunda 8 cluster. Close it to stop polling.
 */
public final class WeftWorkers implements AutoCloseable {

    /**
     * @param maxJobsActive jobs one worker holds at a time
     * @param jobTimeout    how long a job is locked to this worker (LLM calls with fallbacks can take a while)
     * @param streamEnabled use job push (StreamActivatedJobs) in addition to polling
     */
    public record Options(int maxJobsActive, Duration jobTimeout, boolean streamEnabled) {
        public static final Options DEFAULT = new Options(16, Duration.ofMinutes(5), true);
    }

    private final List<JobWorker> workers;

    private WeftWorkers(List<JobWorker> workers) {
        this.workers = workers;
    }

    public static WeftWorkers open(CamundaClient client, List<Step> steps, Options options) {
        List<JobWorker> workers = new ArrayList<>();
        for (Step step : steps) {
            workers.add(client.newWorker().jobType(step.jobType()).handler(new StepJobHandler(step))
                    .name("weft-" + step.jobType()).maxJobsActive(options.maxJobsActive()).timeout(options.jobTimeout())
                    .streamEnabled(options.streamEnabled()).open());
        }
        return new WeftWorkers(workers);
    }

    /** The job types being served. */
    public int size() {
        return workers.size();
    }

    @Override
    public void close() {
        workers.forEach(JobWorker::close);
    }
}
