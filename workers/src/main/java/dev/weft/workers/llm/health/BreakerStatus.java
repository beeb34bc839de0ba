package dev.weft.workers.llm.health;

import java.time.Instant;

/** A breaker's state with what the transitions need. {@code openedAt} is null unless OPEN or HALF_OPEN. */
public record BreakerStatus(BreakerState state, int consecutiveFailures, Instant openedAt) {

    public static final BreakerStatus INITIAL = new BreakerStatus(BreakerState.CLOSED, 0, null);
}
