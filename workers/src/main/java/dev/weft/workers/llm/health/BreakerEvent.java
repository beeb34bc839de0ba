package dev.weft.workers.llm.health;

/** What can happen to a breaker. */
public enum BreakerEvent {
    /** A live call succeeded. */
    SUCCESS,
    /** A live call or a probe failed (after cold-start tolerance). */
    FAILURE,
    /** The open period is over. */
    COOLDOWN_ELAPSED,
    /** A health probe answered. */
    PROBE_SUCCEEDED
}
