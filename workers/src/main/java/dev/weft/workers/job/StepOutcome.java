package dev.weft.workers.job;

import java.time.Duration;
import java.util.Map;

/** What a step ends with; the job adapter turns it into complete, throw-error or fail. */
public sealed interface StepOutcome {

    /** The step succeeded; {@code variables} are merged into the process instance. */
    record Completed(Map<String, Object> variables) implements StepOutcome {
        public Completed {
            variables = Map.copyOf(variables);
        }
    }

    /** A failure the flow may catch with an error boundary event of this code. */
    record BpmnError(String code, String message, Map<String, Object> variables) implements StepOutcome {
        public BpmnError {
            variables = variables == null ? Map.of() : Map.copyOf(variables);
        }
    }

    /**
     * A technical failure: retryable ones use the job's retries with {@code backoff}; others end the retries
     * (an incident names the message).
     */
    record Failed(String message, boolean retryable, Duration backoff) implements StepOutcome {
        public Failed {
            backoff = backoff == null ? Duration.ZERO : backoff;
        }
    }

    static Completed completed(String variable, Object value) {
        return new Completed(Map.of(variable, value));
    }
}
