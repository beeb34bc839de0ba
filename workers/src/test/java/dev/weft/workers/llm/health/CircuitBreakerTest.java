package dev.weft.workers.llm.health;

import static dev.weft.workers.llm.health.BreakerEvent.COOLDOWN_ELAPSED;
import static dev.weft.workers.llm.health.BreakerEvent.FAILURE;
import static dev.weft.workers.llm.health.BreakerEvent.PROBE_SUCCEEDED;
import static dev.weft.workers.llm.health.BreakerEvent.SUCCESS;
import static dev.weft.workers.llm.health.BreakerState.CLOSED;
import static dev.weft.workers.llm.health.BreakerState.HALF_OPEN;
import static dev.weft.workers.llm.health.BreakerState.OPEN;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant NOW = T0.plusSeconds(5);
    private final CircuitBreaker breaker = new CircuitBreaker(new CircuitBreaker.Settings(3, Duration.ofSeconds(30)));

    static Stream<Arguments> table() {
        BreakerStatus closedTwo = new BreakerStatus(CLOSED, 2, null);
        BreakerStatus closedOne = new BreakerStatus(CLOSED, 1, null);
        BreakerStatus open = new BreakerStatus(OPEN, 3, T0);
        BreakerStatus half = new BreakerStatus(HALF_OPEN, 3, T0);
        return Stream.of(
                Arguments.of(closedTwo, SUCCESS, BreakerStatus.INITIAL),
                Arguments.of(closedOne, FAILURE, new BreakerStatus(CLOSED, 2, null)),
                Arguments.of(closedTwo, FAILURE, new BreakerStatus(OPEN, 3, NOW)),
                Arguments.of(closedOne, COOLDOWN_ELAPSED, closedOne),
                Arguments.of(closedOne, PROBE_SUCCEEDED, closedOne),
                Arguments.of(open, SUCCESS, open),
                Arguments.of(open, FAILURE, open),
                Arguments.of(open, COOLDOWN_ELAPSED, half),
                Arguments.of(open, PROBE_SUCCEEDED, half),
                Arguments.of(half, SUCCESS, BreakerStatus.INITIAL),
                Arguments.of(half, FAILURE, new BreakerStatus(OPEN, 4, NOW)),
                Arguments.of(half, COOLDOWN_ELAPSED, half),
                Arguments.of(half, PROBE_SUCCEEDED, half));
    }

    @ParameterizedTest(name = "{0} + {1} -> {2}")
    @MethodSource("table")
    void followsTheTransitionTable(BreakerStatus from, BreakerEvent event, BreakerStatus to) {
        assertThat(breaker.on(from, event, NOW)).isEqualTo(to);
    }

    @Test
    void everyStateHandlesEveryEvent() {
        for (BreakerState s : BreakerState.values()) {
            for (BreakerEvent e : BreakerEvent.values()) {
                assertThat(breaker.on(new BreakerStatus(s, 1, T0), e, NOW)).as(s + " + " + e).isNotNull();
            }
        }
    }

    @Test
    void advancesAnOpenBreakerOnlyAfterItsCooldown() {
        BreakerStatus open = new BreakerStatus(OPEN, 3, T0);

        assertThat(breaker.advance(open, T0.plusSeconds(29)).state()).isEqualTo(OPEN);
        assertThat(breaker.advance(open, T0.plusSeconds(30)).state()).isEqualTo(HALF_OPEN);
        assertThat(breaker.advance(BreakerStatus.INITIAL, T0.plusSeconds(999))).isEqualTo(BreakerStatus.INITIAL);
    }
}
