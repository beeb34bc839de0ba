package dev.weft.workers.job;

import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.api.worker.JobClient;
import io.camunda.client.api.worker.JobHandler;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link Step} for jobs from a Zeebe-compatible gateway (Weft's engine or Camunda 8) through
 * {@code camunda-client-java}: complete on success, throw the BPMN error, or fail (with retries left for
 * retryable failures, none for configuration errors).
 */
public final class StepJobHandler implements JobHandler {

    private static final Logger LOG = LoggerFactory.getLogger(StepJobHandler.class);
    private static final Duration DEFAULT_BACKOFF = Duration.ofSeconds(5);

    private final Step step;

    public StepJobHandler(Step step) {
        this.step = step;
    }

    public Step step() {
        return step;
    }

    @Override
    public void handle(JobClient client, ActivatedJob job) {
        StepOutcome outcome = run(step, input(job));
        switch (outcome) {
            case StepOutcome.Completed c -> client.newCompleteCommand(job).variables(c.variables()).send().join();
            case StepOutcome.BpmnError e -> client.newThrowErrorCommand(job).errorCode(e.code())
                    .errorMessage(e.message()).variables(e.variables()).send().join();
            case StepOutcome.Failed f -> {
                int retries = f.retryable() ? Math.max(0, job.getRetries() - 1) : 0;
                LOG.warn("Job {} of type {} at element {} failed ({} retries left): {}", job.getKey(), job.getType(),
                        job.getElementId(), retries, f.message());
                client.newFailCommand(job).retries(retries).retryBackoff(f.backoff().isZero() && f.retryable()
                        ? DEFAULT_BACKOFF : f.backoff()).errorMessage(f.message()).send().join();
            }
        }
    }

    /** Runs a step, turning thrown exceptions into outcomes as the {@link Step} contract says. */
    public static StepOutcome run(Step step, StepInput input) {
        try {
            return step.execute(input);
        } catch (InvalidInputException e) {
            String where = input.context().elementId() == null ? "" : " (element '" + input.context().elementId() + "')";
            return new StepOutcome.Failed(step.jobType() + ": " + e.getMessage() + where, false, Duration.ZERO);
        } catch (RuntimeException e) {
            return new StepOutcome.Failed(step.jobType() + ": " + e.getClass().getSimpleName() + ": " + e.getMessage(),
                    true, Duration.ZERO);
        }
    }

    static StepInput input(ActivatedJob job) {
        Map<String, Object> variables = job.getVariablesAsMap();
        return new StepInput(job.getCustomHeaders(), variables, new JobContext(job.getKey(), job.getProcessInstanceKey(),
                job.getBpmnProcessId(), job.getElementId(), job.getTenantId(), job.getRetries(), job.getElementInstanceKey()));
    }
}
