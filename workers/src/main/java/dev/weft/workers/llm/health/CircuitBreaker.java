package dev.weft.workers.llm.health;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/**
 * The circuit breaker of a model endpoint as a transition table: for every (state, event) one pure
 * transition. State lives in the database ({@link HealthStore}) so that every replica sees the same breaker;
 * this class only decides.
 *
 * <pre>
 *              SUCCESS          FAILURE                          COOLDOWN_ELAPSED  PROBE_SUCCEEDED
 * CLOSED       CLOSED (reset)   CLOSED +1, OPEN at threshold     CLOSED            CLOSED
 * OPEN         OPEN             OPEN                             HALF_OPEN         HALF_OPEN
 * HALF_OPEN    CLOSED (reset)   OPEN (re-opened now)             HALF_OPEN         HALF_OPEN
 * </pre>
 *
 * A success arriving while OPEN is a late answer to a call sent before the breaker opened: it proves little,
 * so only the half-open trial or a probe can start closing.
 */
public final class CircuitBreaker {

    /**
     * @param failureThreshold consecutive failures that open the breaker
     * @param openFor          how long an open breaker skips the endpoint before a trial
     */
    public record Settings(int failureThreshold, Duration openFor) {
        public static final Settings DEFAULT = new Settings(3, Duration.ofSeconds(30));

        public Settings {
            if (failureThreshold < 1) {
                throw new IllegalArgumentException("failureThreshold must be at least 1");
            }
            if (openFor.isNegative()) {
                throw new IllegalArgumentException("openFor must not be negative");
            }
        }
    }

    @FunctionalInterface
    private interface Transition {
        BreakerStatus apply(BreakerStatus s, Instant now, Settings settings);
    }

    private static final Transition STAY = (s, now, settings) -> s;
    private static final Transition RESET = (s, now, settings) -> BreakerStatus.INITIAL;
    private static final Transition COUNT = (s, now, settings) -> s.consecutiveFailures() + 1 >= settings.failureThreshold()
            ? new BreakerStatus(BreakerState.OPEN, s.consecutiveFailures() + 1, now)
            : new BreakerStatus(BreakerState.CLOSED, s.consecutiveFailures() + 1, null);
    private static final Transition TO_HALF_OPEN = (s, now, settings) ->
            new BreakerStatus(BreakerState.HALF_OPEN, s.consecutiveFailures(), s.openedAt());
    private static final Transition REOPEN = (s, now, settings) ->
            new BreakerStatus(BreakerState.OPEN, s.consecutiveFailures() + 1, now);

    private static final Map<BreakerState, Map<BreakerEvent, Transition>> TABLE = new EnumMap<>(BreakerState.class);

    static {
        TABLE.put(BreakerState.CLOSED, row(RESET, COUNT, STAY, STAY));
        TABLE.put(BreakerState.OPEN, row(STAY, STAY, TO_HALF_OPEN, TO_HALF_OPEN));
        TABLE.put(BreakerState.HALF_OPEN, row(RESET, REOPEN, STAY, STAY));
    }

    private static Map<BreakerEvent, Transition> row(Transition success, Transition failure, Transition cooldown,
                                                     Transition probe) {
        Map<BreakerEvent, Transition> r = new EnumMap<>(BreakerEvent.class);
        r.put(BreakerEvent.SUCCESS, success);
        r.put(BreakerEvent.FAILURE, failure);
        r.put(BreakerEvent.COOLDOWN_ELAPSED, cooldown);
        r.put(BreakerEvent.PROBE_SUCCEEDED, probe);
        return r;
    }

    private final Settings settings;

    public CircuitBreaker(Settings settings) {
        this.settings = settings;
    }

    public Settings settings() {
        return settings;
    }

    /** The status after an event. */
    public BreakerStatus on(BreakerStatus status, BreakerEvent event, Instant now) {
        return TABLE.get(status.state()).get(event).apply(status, now, settings);
    }

    /** Applies {@link BreakerEvent#COOLDOWN_ELAPSED} when an open breaker's time is up; otherwise unchanged. */
    public BreakerStatus advance(BreakerStatus status, Instant now) {
        if (status.state() == BreakerState.OPEN && status.openedAt() != null
                && !now.isBefore(status.openedAt().plus(settings.openFor()))) {
            return on(status, BreakerEvent.COOLDOWN_ELAPSED, now);
        }
        return status;
    }
}
