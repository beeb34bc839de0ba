package dev.weft.workers.llm.health;

import java.util.Locale;

/** Circuit breaker states of one model endpoint. */
public enum BreakerState {
    /** Traffic flows; failures are counted. */
    CLOSED,
    /** Skipped by routing until the cool-down has passed. */
    OPEN,
    /** One trial call (claimed by one replica) decides between CLOSED and OPEN. */
    HALF_OPEN;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static BreakerState fromWire(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }
}
