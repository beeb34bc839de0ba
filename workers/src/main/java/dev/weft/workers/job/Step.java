package dev.weft.workers.job;

/**
 * One kind of work a BPMN service task can do: a plain function of headers and variables to an outcome, so it
 * is tested without an engine. {@link StepJobHandler} adapts it to a Camunda {@code JobHandler}.
 *
 * <p>Contract: {@link #execute} never throws for expected failures; it returns {@link StepOutcome.BpmnError}
 * or {@link StepOutcome.Failed}. It may throw {@link InvalidInputException} for configuration errors; any
 * other exception is treated as a retryable failure.
 */
public interface Step {

    /** The job type this step serves, e.g. {@code weft.llm}. */
    String jobType();

    StepOutcome execute(StepInput input);
}
