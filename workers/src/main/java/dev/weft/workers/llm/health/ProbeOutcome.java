package dev.weft.workers.llm.health;

/** Result of one health probe. */
public sealed interface ProbeOutcome {

    /** The endpoint answered. */
    record Ok() implements ProbeOutcome {
    }

    /** A serverless endpoint failed in a way a cold start explains, inside its grace period: not counted. */
    record Warming(String detail) implements ProbeOutcome {
    }

    /** The endpoint failed; counts against the breaker. */
    record Failed(String detail) implements ProbeOutcome {
    }
}
